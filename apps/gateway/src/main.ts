import { runService } from '@mugharred/service-kit';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

await runService('gateway', () => readConfig(), buildApp);
