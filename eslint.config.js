import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A switch over a union names every member; a `default` does not stand in for the ones left out.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
      // `async` here marks a function that fulfils a promise-returning contract (Fastify handlers, store drivers,
      // test doubles), so that a throw inside it rejects instead of throwing: an await is not what makes it right.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read raw JSON answers (typed any) and check them with expect, which is where a mismatch shows.
    files: ['**/*.test.ts', 'e2e/**', 'server/test-support/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  // Plain JavaScript (this file) is in no TypeScript project.
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['server/**', 'e2e/**', 'bench/**', '*.config.ts'], languageOptions: { globals: globals.node } },
  // The worker floors' page script and worker run in the browser.
  { files: ['bench/client/floor/*.js'], languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } } },
  {
    files: ['client/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    languageOptions: { globals: globals.browser },
    rules: { ...reactHooks.configs.recommended.rules, ...jsxA11y.flatConfigs.recommended.rules },
  },
  { files: ['client/sw/**'], languageOptions: { globals: globals.serviceworker } },
  {
    // Folders depend one way: sw/ and the page use outbox/, which uses offline/ (IndexedDB); never back.
    files: ['client/outbox/**', 'client/offline/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/sw/*'], message: 'The service worker uses the outbox, not the other way round.' }] },
      ],
    },
  },
  {
    files: ['client/offline/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/sw/*'], message: 'The service worker uses offline/, not the other way round.' },
            { group: ['**/outbox/*'], message: 'The outbox uses offline/ (IndexedDB), not the other way round.' },
          ],
        },
      ],
    },
  },
  {
    // Every spec runs with the Content-Security-Policy detector: its `test` comes from the project's support.
    files: ['e2e/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test', 'expect'],
              message: "Import test and expect from './support/test.js': it fails a spec on any CSP violation.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
