#!/usr/bin/env node
// `npm run check:static`: typecheck, lint, import cycles and dead code, the checks `npm test` runs before vitest.
import { ensureBuilt } from './lib/bootstrap.mjs';
import { runStaticChecks } from './lib/static-checks.mjs';

ensureBuilt();
process.exit(runStaticChecks() ? 0 : 1);
