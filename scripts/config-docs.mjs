#!/usr/bin/env node
// `npm run config:docs`: writes each service's .env.example and README's configuration table from the services'
// config schemas (a test fails while they differ).
import { writeConfigDocs } from '../infra/config-docs.mjs';
import { ensureBuilt, say } from './lib/bootstrap.mjs';

ensureBuilt();
const changed = await writeConfigDocs();
say(changed.length ? `rewrote ${changed.join(', ')}` : 'every .env.example and the README table already match the schemas');
