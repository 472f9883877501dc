import { expect, test } from './support/test.js';
import { ApiClient } from './support/api-client.js';
import { logIn } from './support/app.js';
import { startServer, type RunningServer } from './support/onpoint-server.js';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(() => server?.stop());

test('Alice sees when this session started and ends, and logs out everywhere with a second tap', async ({ page }) => {
  const laptop = await new ApiClient(server.url).login('alice@example.com');
  await logIn(page, server.url, 'alice@example.com');
  await page.getByRole('link', { name: 'Settings' }).click();

  const { expiresAt } = (await (await page.request.get(`${server.url}/api/session`)).json()) as { expiresAt: string };
  const until = await page.evaluate((iso) => new Date(iso).toLocaleDateString([], { month: 'short', day: 'numeric' }), expiresAt);
  await expect(page.getByTestId('this-session')).toHaveText(
    new RegExp(`^Logged in since \\w{3} \\d{1,2}, \\d{2}:\\d{2}( [AP]M)? · stays logged in until ${until}$`),
  );
  await page.screenshot({ path: 'test-results/screens/settings-session.png' });

  await page.getByRole('button', { name: 'Log out everywhere' }).click();
  const ask = page.getByRole('group', { name: 'Log out everywhere' });
  await expect(ask).toContainText('Log out on every device, this one included?');
  await page.screenshot({ path: 'test-results/screens/settings-log-out-everywhere.png' });
  // The first tap only asked: every session is still there.
  expect((await laptop.request('GET', '/api/session')).status).toBe(200);

  await ask.getByRole('button', { name: 'Yes, log out everywhere' }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
  expect((await laptop.request('GET', '/api/session')).status).toBe(401);
});

test('The login screen opens without an error on the console', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(server.url);
  await expect(page.getByLabel('Email')).toBeVisible();
  expect(errors).toEqual([]);
});

test('Log out shows the login screen', async ({ page }) => {
  await logIn(page, server.url, 'carol@example.com');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
});

test('Bob resets his calendar links: the link shown changes and the old one stops working', async ({ page }) => {
  await logIn(page, server.url, 'bob@example.com');
  await page.getByRole('link', { name: 'Schedule, swaps and cover' }).click();
  const mine = page.getByRole('textbox', { name: 'Subscribe link: My shifts' });
  const feedUrl = () => mine.inputValue();
  const old = await feedUrl();
  expect((await fetch(old)).status).toBe(200);
  // One tap into Google Calendar, which subscribes from its own page; a webcal: link opens nothing on Linux.
  const webcal = old.replace(/^https?:/, 'webcal:');
  await expect(page.getByRole('link', { name: 'Add to Google Calendar' }).first()).toHaveAttribute(
    'href',
    `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
  );
  await expect(page.getByRole('link', { name: 'Add to Apple Calendar' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Reset calendar links' }).click();
  const ask = page.getByRole('group', { name: 'Reset calendar links' });
  await expect(ask).toContainText('Calendars subscribed to the old ones stop updating');
  await page.screenshot({ path: 'test-results/screens/calendar-reset.png', fullPage: true });
  await ask.getByRole('button', { name: 'Yes, reset my calendar links' }).click();

  await expect(page.getByText('✓ New links above; the old ones no longer work.')).toBeVisible();
  await expect(mine).not.toHaveValue(old);
  expect((await fetch(old)).status).toBe(404);
  expect((await fetch(await feedUrl())).status).toBe(200);
});

test.describe('on an iPhone', () => {
  test.use({
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  });

  test('Bob adds his shifts to Apple Calendar in one tap, from a webcal: link', async ({ page }) => {
    await logIn(page, server.url, 'bob@example.com');
    await page.getByRole('link', { name: 'Schedule, swaps and cover' }).click();
    const feed = await page.getByRole('textbox', { name: 'Subscribe link: My shifts' }).inputValue();
    await expect(page.getByRole('link', { name: 'Add to Apple Calendar' }).first()).toHaveAttribute(
      'href',
      feed.replace(/^https?:/, 'webcal:'),
    );
  });
});
