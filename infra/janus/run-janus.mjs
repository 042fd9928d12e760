#!/usr/bin/env node
// Janus in the foreground with its settings from JANUS_* variables: the container entry point (docker compose).
// `npm start` and the tests call startJanus directly.
import { janusOptionsFromEnv } from './janus-config.mjs';
import { startJanus } from './start-janus.mjs';

const janus = await startJanus({ ...janusOptionsFromEnv(), stdio: 'prefix' });
process.stdout.write(`janus: API ${janus.wsUrl}, Admin API ${janus.adminUrl}\n`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => janus.stop().then(() => process.exit(0)));
}
