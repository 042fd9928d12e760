// One ESLint config for the monorepo: `pnpm exec turbo run lint` (each package) or `npm run check:static`.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const serviceCode = ['apps/{auth-api,rooms-api,gateway,worker}/src/**/*.ts', 'packages/*/src/**/*.ts'];
const testCode = ['**/*.test.ts', '**/*-fixture.ts', '**/test-*.ts', 'packages/testing/**', 'apps/web/e2e/**', 'tests/**', 'infra/**', 'bench/**'];

export default tseslint.config(
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  { ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', '.turbo/**', '**/.run/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Text rules strip control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The classic hook rules; the React Compiler's rules (purity, refs) are for code the compiler builds, and ours is not.
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // protocol's main entry builds TypeBox schemas when loaded; the browser takes only types from it.
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: '@mugharred/protocol', allowTypeImports: true, message: "import values from '@mugharred/protocol/constants' (no TypeBox in the browser)" }] }],
    },
  },
  {
    // Functions these files hand to page.evaluate run in the browser.
    files: ['apps/web/e2e/**', 'infra/server/test-support/**', 'tests/hostile/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // Tests read JSON bodies of whatever shape a reply has, to assert on it.
    files: testCode,
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Configuration is read once, validated, in src/config.ts and handed down: nothing else reads the environment.
    files: serviceCode,
    ignores: [...testCode, 'apps/*/src/config.ts', 'apps/*/src/main.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read the environment in src/config.ts (or main.ts) and pass the config down' }],
      'no-console': ['error'],
    },
  },
  {
    files: serviceCode,
    ignores: testCode,
    rules: { 'no-console': ['error'] },
  },
);
