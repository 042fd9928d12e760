import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{apps,packages}/*/src/**/*.test.ts', 'apps/web/e2e/**/*.test.ts', 'bench/**/*.test.ts', 'infra/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Test files start real processes (Redis, services, nginx, Janus, Chromium) and assert on timing a user
    // would notice; one file at a time keeps a 2-core CI machine from starving them into false failures.
    maxWorkers: 1,
  },
});
