import { expect, test } from './support/test.js';
import { logIn } from './support/app.js';
import { startServer, type RunningServer } from './support/onpoint-server.js';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(() => server?.stop());

test('Bob covers the primary for the evening from the schedule screen, and takes it back', async ({ page }) => {
  await logIn(page, server.url, 'bob@example.com');
  await expect(page.getByLabel('On call now')).toContainText('You are secondary · Alice is primary');
  await page.getByRole('link', { name: 'Schedule, swaps and cover' }).click();

  const form = page.getByRole('form', { name: 'Add cover' });
  await expect(form.getByLabel('Who covers')).toHaveValue('bob@example.com');
  await form.getByRole('button', { name: 'Add cover' }).click();
  await expect(page.getByText('Bob covers Payments on-call primary')).toBeVisible();
  await expect(page.getByText('added by Bob')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/schedule.png', fullPage: true });

  await page.getByRole('link', { name: '‹ Back' }).click();
  await expect(page.getByLabel('On call now')).toContainText('You are primary until');

  await page.getByRole('link', { name: 'Schedule, swaps and cover' }).click();
  await page.getByRole('button', { name: 'Remove cover by Bob' }).click();
  await expect(page.getByText('None planned.')).toBeVisible();

  // A cover that ends before it starts is refused with a reason.
  await form.getByLabel('To').fill('2020-01-01T00:00');
  await form.getByRole('button', { name: 'Add cover' }).click();
  await expect(form.getByRole('alert')).toContainText('The cover must end after it starts.');
});
