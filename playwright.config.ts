import { defineConfig } from '@playwright/test';

/** Debian's Chromium: Playwright cannot download its own browsers on these machines. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Servers started by the specs log each request, which a failed test prints (e2e/support/diagnostics.ts).
process.env.ONPOINT_SERVER_LOG_LEVEL ??= 'info';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  // One spec file at a time. Two at once (each with its own server) passed alone but, on two cores, twice
  // left a service worker not controlling its page, or an outbox unflushed, for longer than a test waits.
  workers: 1,
  // A two-core CI machine that has just run the integration tests is slow to start service workers.
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    colorScheme: 'dark',
  },
});
