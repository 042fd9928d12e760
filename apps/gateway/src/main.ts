import { runService } from '@mugharred/service-kit';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

// SIGTERM drains first (see Gateway.drain): upgrades are refused from the signal handler on, then the sockets move.
await runService('gateway', () => readConfig(), buildApp, (app) => app.drain());
