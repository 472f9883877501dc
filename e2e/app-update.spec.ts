import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/test.js';
import { CLIENT_DIST } from '../server/client-build.js';
import { precompressClient } from '../server/client-precompress.js';
import { alertmanagerFixture, fireAlert } from './support/api-client.js';
import { logIn } from './support/app.js';
import { startStack, type Stack } from './support/stack.js';

// The app is served from a copy, so a test can "deploy" a new version of it.
const clientDir = mkdtempSync(join(tmpdir(), 'onpoint-client-'));
let stack: Stack;
test.beforeAll(async () => {
  cpSync(CLIENT_DIST, clientDir, { recursive: true });
  stack = await startStack({ env: { ONPOINT_CLIENT_DIR: clientDir } });
});
test.afterAll(() => stack?.stop());

test('a new version is offered, never forced: the half-written note stays until the person taps Reload', async ({ browser }) => {
  const fired = await fireAlert(stack.server.url, {
    ...alertmanagerFixture('firing-single-critical.json'),
    groupKey: 'update',
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, stack.server.url, 'alice@example.com');
  await page.goto(`${stack.server.url}/incidents/${fired.body.incidentId}`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.getByLabel('Note').fill('Rollback started, wai');

  // A new version is deployed (a build writes its compressed copies too); the app notices on its next check.
  appendFileSync(join(clientDir, 'sw.js'), '\n// the next version\n');
  precompressClient(clientDir);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  await expect(page.getByText('Update ready')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/update-ready.png' });
  await page.waitForTimeout(1000);
  await expect(page.getByLabel('Note')).toHaveValue('Rollback started, wai');

  const loadedAt = await page.evaluate(() => performance.timeOrigin);
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction((before) => performance.timeOrigin !== before, loadedAt);
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(page.getByText('Update ready')).toHaveCount(0);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
  await context.close();
});
