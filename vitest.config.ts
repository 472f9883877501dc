import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real server processes; two cores are enough for two at a time.
    maxWorkers: 2,
    globalSetup: ['e2e/support/global-setup.ts', 'server/test-support/postgres-global-setup.ts'],
  },
});
