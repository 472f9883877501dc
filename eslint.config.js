import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['server/**', 'e2e/**', 'bench/**', '*.config.ts'], languageOptions: { globals: globals.node } },
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
