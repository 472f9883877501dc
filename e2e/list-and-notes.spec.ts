import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/test.js';
import { alertAt, alertmanagerFixture, ApiClient, fireAlert } from './support/api-client.js';
import { layoutShifts, logIn, watchLayoutShifts } from './support/app.js';
import type { IncidentView } from '../shared/api.js';
import { slowIndexedDb, waitUntilSaved } from './support/offline.js';
import { ROOT, startServer } from './support/onpoint-server.js';
import { useStack } from './support/stack.js';

const env = useStack();

/** The same group, resolved by Alertmanager. */
function resolvedAlert(summary: string) {
  const firing = alertAt('warning', summary);
  const endsAt = new Date().toISOString();
  return { ...firing, status: 'resolved', alerts: firing.alerts.map((a) => ({ ...a, status: 'resolved', endsAt })) };
}

const CRITICAL = 'Checkout API 5xx rate above 5% for 5m';
const WARNING = 'Checkout latency p99 above 2 s';
const INFO = 'TLS certificate for shop.example.com expires in 13 days — renew ✓';

test('the list puts what pages and nobody took first, the non-paging muted below; the title counts what waits', async ({
  page,
}) => {
  // The app badge as the page sets it (headless Chromium has no icon to show it on).
  await page.addInitScript(() => {
    const page = window as unknown as { appBadge: number };
    page.appBadge = 0;
    navigator.setAppBadge = (count = 0) => Promise.resolve(void (page.appBadge = count));
    navigator.clearAppBadge = () => Promise.resolve(void (page.appBadge = 0));
  });
  const appBadge = () => page.evaluate(() => (window as unknown as { appBadge: number }).appBadge);
  await logIn(page, env.server.url, 'alice@example.com');
  await expect(page).toHaveTitle('onpoint');
  await fireAlert(env.server.url, alertmanagerFixture('firing-nonpaging-untrusted-text.json'));
  await fireAlert(env.server.url, alertAt('warning', WARNING));
  await fireAlert(env.server.url, alertmanagerFixture('firing-single-critical.json'));

  const urgent = page.getByTestId('urgent').getByRole('listitem');
  await expect(urgent).toHaveCount(2);
  await expect(urgent.nth(0)).toContainText(CRITICAL);
  await expect(urgent.nth(1)).toContainText(WARNING);
  const quiet = page.getByTestId('quiet').getByRole('listitem');
  await expect(quiet).toHaveCount(1);
  await expect(quiet).toContainText(INFO);
  await expect(quiet).toContainText('Not paged · info');
  await expect(quiet).not.toContainText('triggered');
  await expect(page).toHaveTitle('(2) onpoint');
  await expect.poll(appBadge).toBe(2);
  await page.screenshot({ path: 'test-results/screens/list-by-urgency.png', fullPage: true });

  // Alice takes the critical one: it moves to Acknowledged, and the title counts one left.
  await urgent.filter({ hasText: CRITICAL }).click();
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await page.goBack();
  await expect(page.getByTestId('acknowledged').getByRole('listitem')).toContainText(CRITICAL);
  await expect(page).toHaveTitle('(1) onpoint');
  await expect.poll(appBadge).toBe(1);

  // Mine: what Alice was paged for, without the info nobody was paged for.
  await page.getByRole('button', { name: 'Mine' }).click();
  await expect(page.getByTestId('acknowledged')).toContainText(CRITICAL);
  await expect(page.getByTestId('urgent')).toContainText(WARNING);
  await expect(page.getByTestId('quiet')).toHaveCount(0);
  await page.getByRole('button', { name: 'All' }).click();
  await expect(page.getByTestId('quiet')).toContainText(INFO);

  // Past incidents do not hang below without end.
  for (let i = 1; i <= 12; i++) {
    await fireAlert(env.server.url, alertAt('warning', `Old incident ${i}`));
    await fireAlert(env.server.url, resolvedAlert(`Old incident ${i}`));
  }
  const resolved = page.getByTestId('resolved').getByRole('listitem');
  await expect(resolved).toHaveCount(10);
  await page.getByRole('button', { name: 'Show older (2 more)' }).click();
  await expect(resolved).toHaveCount(12);
  await expect(page.getByRole('button', { name: /^Show older/ })).toHaveCount(0);
});

test('a low-urgency incident outside working hours waits, muted, saying when it will page', async ({ page }) => {
  // The demo team, working one day only: three days from now, so now is outside working hours whenever this runs.
  const workday = new Date(Date.now() + 3 * 24 * 3600 * 1000);
  workday.setUTCHours(9, 0, 0, 0);
  const day = workday.toLocaleDateString('en', { weekday: 'long', timeZone: 'UTC' }).toLowerCase();
  const config = readFileSync(join(ROOT, 'server/demo/onpoint.yaml'), 'utf8').replace(
    /workingHours: \{[^}]*\}/,
    `workingHours: { days: [${day}], start: '09:00', end: '18:00', timeZone: UTC }`,
  );
  const file = join(mkdtempSync(join(tmpdir(), 'onpoint-config-')), 'onpoint.yaml');
  writeFileSync(file, config);
  const server = await startServer({ env: { ONPOINT_CONFIG: file } });
  try {
    await logIn(page, server.url, 'alice@example.com');
    // The captured alert says `page: always`; this one may wait for working hours.
    const warning = alertAt('warning', 'Disk on backup-2 above 80%');
    await fireAlert(server.url, {
      ...warning,
      commonLabels: { ...warning.commonLabels, page: 'daytime' },
      alerts: warning.alerts.map((a) => ({ ...a, labels: { ...a.labels, page: 'daytime' } })),
    });

    const quiet = page.getByTestId('quiet').getByRole('listitem');
    await expect(quiet).toContainText('Disk on backup-2 above 80%');
    const pagesAt = await page.evaluate(
      (iso) => new Date(iso).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
      workday.toISOString(),
    );
    await expect(quiet).toContainText(`Pages ${pagesAt} if nobody takes it`);
    await expect(page.getByTestId('urgent')).toHaveCount(0);
    await expect(page).toHaveTitle('onpoint');
  } finally {
    await server.stop();
  }
});

test('a note longer than the server takes is counted and kept; a refused note can be put back', async ({ page }) => {
  await logIn(page, env.server.url, 'bob@example.com');
  const { incidentId } = (await fireAlert(env.server.url, alertAt('critical', 'Payments queue backlog growing'))).body as {
    incidentId: string;
  };
  await page.goto(`${env.server.url}/incidents/${incidentId}`);
  const note = page.getByLabel('Note');
  const long = 'Rolled back 2026.11.3; the queue drains at 40/s. '.repeat(84);
  await note.fill(long);
  await expect(page.getByText(`${long.trim().length.toLocaleString('en')} / 4,000 characters:`)).toContainText('too many to add');
  await expect(page.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
  await expect(note).toHaveValue(long);

  // Shortened, it is sent; the server refuses it all the same (here, because a test says so): not lost.
  const kept = 'Rolled back 2026.11.3; the queue drains at 40/s.';
  await page.route('**/api/incidents/*/actions', (route) =>
    route.fulfill({
      status: 409,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'conflict', message: 'The incident is already resolved' } }),
    }),
  );
  await note.fill(kept);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText('The incident is already resolved')).toBeVisible();
  await page.getByRole('button', { name: 'Put the note that was not recorded back here' }).click();
  await expect(note).toHaveValue(kept);
});

test('at a cold start the list stays put while who is on call and the status area arrive', async ({ page }) => {
  await fireAlert(env.server.url, alertAt('critical', 'Card authorisations failing'));
  const [name, value] = (await new ApiClient(env.server.url).login('alice@example.com')).sessionCookie.split('=');
  await page.context().addCookies([{ name, value, url: env.server.url }]);
  // What sits above the list answers after the list itself, as on a slow line.
  const listAnswered = page.waitForResponse('**/api/incidents');
  for (const path of ['**/api/oncall', '**/api/devices', '**/api/me/nudge']) {
    await page.route(path, async (route) => {
      await listAnswered;
      await route.continue();
    });
  }
  await watchLayoutShifts(page);

  await page.goto(env.server.url);
  await expect(page.getByTestId('urgent')).toContainText('Card authorisations failing');
  await expect(page.getByRole('region', { name: 'On call now' })).toBeVisible();
  await expect(page.getByText('You have no device that can be paged.')).toBeVisible();
  expect(await layoutShifts(page)).toEqual([]);
});

test('a reload with a saved copy draws the list once, even when the server answers before the device', async ({ page }) => {
  await fireAlert(env.server.url, alertAt('critical', 'Card authorisations failing'));
  await logIn(page, env.server.url, 'alice@example.com');
  await expect(page.getByTestId('urgent')).toContainText('Card authorisations failing');
  await waitUntilSaved(page, ['Card authorisations failing']);

  // As on a phone: opening IndexedDB takes longer than the server takes to say who is logged in, and the
  // list's own answer is slower still.
  await slowIndexedDb(page, 500);
  let answerList = () => {};
  const listHeld = new Promise<void>((resolve) => (answerList = resolve));
  await page.route('**/api/incidents', async (route) => {
    await listHeld;
    await route.continue();
  });
  await watchLayoutShifts(page);

  await page.reload();
  await expect(page.getByTestId('urgent')).toContainText('Card authorisations failing');
  await expect(page.getByText('You have no device that can be paged.')).toBeVisible();
  const listAnswered = page.waitForResponse('**/api/incidents');
  answerList();
  await listAnswered;
  await expect(page.getByRole('region', { name: 'On call now' })).toBeVisible();
  expect(await layoutShifts(page)).toEqual([]);
});

test('an IndexedDB that never answers does not keep the incidents the server sends off the screen', async ({ page }) => {
  await fireAlert(env.server.url, alertAt('critical', 'Card authorisations failing'));
  await logIn(page, env.server.url, 'alice@example.com');
  await waitUntilSaved(page, ['Card authorisations failing']);
  await fireAlert(env.server.url, alertAt('warning', 'Checkout latency p99 above 2 s'));

  // Opening the database hangs: the saved copy never comes in.
  await slowIndexedDb(page, null);
  await page.reload();
  await expect(page.getByTestId('urgent')).toContainText('Card authorisations failing');
  await expect(page.getByTestId('urgent')).toContainText('Checkout latency p99 above 2 s');
  // And the screen is live, not a picture of the moment the wait ended.
  await fireAlert(env.server.url, alertAt('critical', 'Payments webhook queue backing up'));
  await expect(page.getByTestId('urgent')).toContainText('Payments webhook queue backing up');
});

test('a slow answer above the list never keeps the incidents off the screen', async ({ page }) => {
  await fireAlert(env.server.url, alertAt('critical', 'Card authorisations failing'));
  const [name, value] = (await new ApiClient(env.server.url).login('alice@example.com')).sessionCookie.split('=');
  await page.context().addCookies([{ name, value, url: env.server.url }]);
  // The night nudge and this person's devices do not answer (a stalled connection, a slow database).
  for (const path of ['**/api/devices', '**/api/me/nudge']) await page.route(path, () => undefined);
  await page.goto(env.server.url);
  await expect(page.getByTestId('urgent')).toContainText('Card authorisations failing');
});

test('the live stream starts where the list ended: an alert in between shows, and nothing is downloaded twice', async ({
  page,
}) => {
  const alice = await new ApiClient(env.server.url).login('alice@example.com');
  // Nobody here has a device: each alert tells both escalation levels so, within a second or two, then is quiet.
  const fireAndLetEscalate = async (summary: string) => {
    const { incidentId } = (await fireAlert(env.server.url, alertAt('critical', summary))).body as { incidentId: string };
    await expect
      .poll(async () => {
        const { timeline } = (await alice.request('GET', `/api/incidents/${incidentId}`)).body as IncidentView;
        return timeline.filter((e) => e.type === 'not_paged').length;
      })
      .toBe(2);
  };
  await fireAndLetEscalate('Card authorisations failing');
  const [name, value] = alice.sessionCookie.split('=');
  await page.context().addCookies([{ name, value, url: env.server.url }]);
  const asked: string[] = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  // The stream is held back while a second alert comes and escalates: it falls between the list's answer and
  // the stream, and nothing about it happens once the stream is open.
  let letStreamThrough!: () => void;
  const streamHeld = new Promise<void>((resolve) => (letStreamThrough = resolve));
  await page.route('**/api/events**', async (route) => {
    await streamHeld;
    await route.continue();
  });
  // React and the screens arrive after the first screen's answers, as on a slow line: what the app fetched
  // before they ran is no less fresh for it.
  const startAnswered = Promise.all(
    ['/api/me', '/api/oncall', '/api/team', '/api/devices', '/api/me/nudge'].map((path) =>
      page.waitForResponse((response) => new URL(response.url()).pathname === path),
    ),
  );
  await page.route('**/assets/render-app-*.js', async (route) => {
    await startAnswered;
    await route.continue();
  });

  await page.goto(env.server.url);
  await expect(page.getByTestId('urgent')).toContainText('Card authorisations failing');
  await fireAndLetEscalate('Checkout latency p99 above 2 s');
  const playbooksSynced = page.waitForRequest('**/api/playbooks');
  letStreamThrough();
  await expect(page.getByTestId('urgent')).toContainText('Checkout latency p99 above 2 s');

  // Once the stream has opened (the playbook library is synced then) and the page has been idle since, what
  // was fetched for the first screen a moment ago has not been fetched again.
  await playbooksSynced;
  await page.evaluate(() => new Promise((idle) => requestIdleCallback(() => requestIdleCallback(idle))));
  for (const path of ['/api/me', '/api/oncall', '/api/team', '/api/devices', '/api/me/nudge']) {
    expect(
      asked.filter((p) => p === path),
      path,
    ).toHaveLength(1);
  }
});

test('the timeline names people, not emails, even before the team list has loaded', async ({ page }) => {
  // No team list on this device (offline at the first start, say): the timeline's own events still name people.
  await page.route('**/api/team', (route) => route.abort());
  await logIn(page, env.server.url, 'alice@example.com');
  const { incidentId } = (await fireAlert(env.server.url, alertAt('critical', 'Card authorisations failing'))).body as {
    incidentId: string;
  };
  await page.goto(`${env.server.url}/incidents/${incidentId}`);
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('Alice acknowledged');
  await expect(timeline).toContainText('paging Alice');
  await expect(timeline).toContainText('not paged: Alice has no device with notifications on');
  await expect(timeline).not.toContainText('alice@example.com');
});

test('a cover that ends before it starts, or has no time, is refused in plain words', async ({ page }) => {
  await logIn(page, env.server.url, 'carol@example.com');
  await page.goto(`${env.server.url}/schedule`);
  const form = page.getByRole('form', { name: 'Add cover' });
  await form.getByLabel('From').fill('2026-12-01T10:00');
  await form.getByLabel('To').fill('2026-12-01T08:00');
  await form.getByRole('button', { name: 'Add cover' }).click();
  await expect(form.getByRole('alert')).toHaveText('The cover must end after it starts.');
  await form.getByLabel('To').fill('');
  await form.getByRole('button', { name: 'Add cover' }).click();
  await expect(form.getByRole('alert')).toHaveText('Pick when the cover starts and ends.');
});
