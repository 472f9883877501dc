import { defineConfig } from 'vitest/config';

/** Tests that start server processes, a throwaway PostgreSQL or a real Alertmanager. */
const INTEGRATION = ['server/integration-tests/**/*.test.ts', 'server/store/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real server processes; two cores are enough for two at a time.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/**/*.test.ts'],
          exclude: INTEGRATION,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          globalSetup: ['e2e/support/global-setup.ts', 'server/test-support/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
