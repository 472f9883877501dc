import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/test.js';
import { AxeAudit } from './support/accessibility.js';
import { alertAt, alertmanagerFixture, ApiClient, fireAlert } from './support/api-client.js';
import { logIn } from './support/app.js';
import { setNoSignal } from './support/offline.js';
import { ROOT } from './support/onpoint-server.js';
import { useStack } from './support/stack.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The demo team, working every day but today: a `daytime` alert fired now waits quietly for tomorrow. */
function teamOffToday(): string {
  const today = WEEKDAYS[new Date().getUTCDay()];
  const days = WEEKDAYS.filter((d) => d !== today).join(', ');
  const yaml = readFileSync(join(ROOT, 'server', 'demo', 'onpoint.yaml'), 'utf8').replace(
    /^ {2}workingHours: .*$/m,
    `  workingHours: { days: [${days}], start: '09:00', end: '18:00', timeZone: UTC }`,
  );
  const file = join(mkdtempSync(join(tmpdir(), 'onpoint-a11y-')), 'team.yaml');
  writeFileSync(file, yaml);
  return file;
}

const env = useStack(() => ({ env: { ONPOINT_CONFIG: teamOffToday() } }));

const PAGING = 'Checkout API 5xx rate above 5% for 5m';
const ACKNOWLEDGED = 'Payments queue backlog above 10k';
const QUIET = 'Checkout latency p99 above 2 s';
const RESOLVED = 'Refund worker restarted 3 times';
const RESOLVED_BY_BOB = 'Ledger export job failed';

/** A warning that says it may page in working hours only (the captured group's `page` label says always). */
function daytimeAlert(summary: string) {
  const payload = alertAt('warning', summary);
  const labels = { ...payload.commonLabels, page: 'daytime' };
  return { ...payload, alerts: payload.alerts.map((a) => ({ ...a, labels })), commonLabels: labels };
}

let ids: Record<'paging' | 'acknowledged' | 'quiet' | 'resolved', string>;

/** An incident in every state the list shows: paging, acknowledged, quiet until working hours, not paging at all, resolved (to review, and not). */
test.beforeAll(async () => {
  const url = env.server.url;
  const alice = await new ApiClient(url).login('alice@example.com');
  const bob = await new ApiClient(url).login('bob@example.com');
  const act = (id: string, type: string, by = alice) =>
    by.request('POST', `/api/incidents/${id}/actions`, { id: crypto.randomUUID(), occurredAt: new Date().toISOString(), type });
  const fired = async (payload: unknown) => (await fireAlert(url, payload)).body.incidentId as string;

  ids = {
    paging: await fired(alertmanagerFixture('firing-single-critical.json')),
    acknowledged: await fired(alertAt('critical', ACKNOWLEDGED)),
    quiet: await fired(daytimeAlert(QUIET)),
    resolved: await fired(alertAt('critical', RESOLVED)),
  };
  await fired(alertmanagerFixture('firing-nonpaging-untrusted-text.json'));
  await act(ids.acknowledged, 'ack');
  await act(ids.resolved, 'ack');
  await act(ids.resolved, 'resolve');
  // Bob's to review, so on Alice's list it is simply resolved.
  const bobs = await fired(alertAt('critical', RESOLVED_BY_BOB));
  await act(bobs, 'ack', bob);
  await act(bobs, 'resolve', bob);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test(`every screen has no axe-core violations (WCAG 2.2 AA and best practice), ${colorScheme}`, async ({ page }) => {
      const url = env.server.url;
      const audit = new AxeAudit();
      const heading = (name: string) => expect(page.getByRole('heading', { name, level: 1 }).first()).toBeVisible();

      await page.goto(url + '/');
      await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
      await audit.check(page, 'login');

      await logIn(page, url, 'alice@example.com');
      await expect(page.getByTestId('urgent')).toContainText(PAGING);
      await expect(page.getByTestId('acknowledged')).toContainText(ACKNOWLEDGED);
      await expect(page.getByTestId('quiet')).toContainText(QUIET);
      await expect(page.getByTestId('quiet')).toContainText('Not paged · info');
      await expect(page.getByTestId('to-review')).toContainText(RESOLVED);
      await expect(page.getByTestId('resolved')).toContainText(RESOLVED_BY_BOB);
      await expect(page.getByText('You have no device that can be paged.')).toBeVisible();
      await audit.check(page, 'incident list');

      // The paging incident: playbook, bottom action bar, the outcome card after Escalate, alert details open.
      await page.goto(`${url}/incidents/${ids.paging}`);
      await expect(page.getByRole('button', { name: 'Acknowledge' })).toBeVisible();
      await page
        .getByRole('region', { name: 'Actions' })
        // "Escalate to Bob", or "Page Bob again" when the last level has paged already (this team's policy).
        .getByRole('button', { name: /^(Escalate to|Page .+ again)/ })
        .click();
      await expect(page.getByTestId('outcome')).toBeVisible();
      await page.getByText('Alert details', { exact: true }).click();
      await expect(page.getByRole('region', { name: 'Alert details' })).toBeVisible();
      await audit.check(page, 'paging incident, escalated, alert details open');

      await page.goto(`${url}/incidents/${ids.acknowledged}`);
      await expect(page.getByRole('button', { name: 'Snooze 30 min' })).toBeVisible();
      await audit.check(page, 'acknowledged incident (snooze)');

      await page.goto(`${url}/incidents/${ids.quiet}`);
      await heading(QUIET);
      await audit.check(page, 'quiet incident');

      await page.goto(`${url}/incidents/${ids.resolved}`);
      await expect(page.getByRole('button', { name: 'Reopen…' })).toBeVisible();
      await audit.check(page, 'resolved incident (review, reopen)');

      await page.goto(`${url}/playbooks`);
      await heading('Playbooks');
      await audit.check(page, 'playbooks');
      await page.goto(`${url}/playbooks/checkout-high-error-rate`);
      await heading('Checkout API error rate is high');
      await audit.check(page, 'playbook');

      for (const [path, title] of [
        ['/schedule', 'Schedule'],
        ['/settings', 'Settings'],
        ['/insights', 'Insights'],
        ['/declare', 'Declare incident'],
        ['/handoff', 'Last handoff'],
      ]) {
        await page.goto(url + path);
        await heading(title);
        await page.waitForLoadState('networkidle');
        await audit.check(page, title.toLowerCase());
      }

      // The list's status area with all it can say at once: offline, an action queued, no device.
      await page.goto(`${url}/incidents/${ids.paging}`);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await setNoSignal(page.context(), true);
      await page.getByRole('button', { name: 'Acknowledge' }).click();
      await page.getByRole('link', { name: '‹ Back' }).click();
      await expect(page.getByTestId('offline-banner')).toBeVisible();
      await expect(page.getByText('1 action queued')).toBeVisible();
      await audit.check(page, 'incident list offline, an action queued');
      await page.getByTestId('acknowledged').getByRole('link').first().click();
      await expect(page.getByTestId('offline-banner')).toBeVisible();
      await audit.check(page, 'incident offline');

      audit.expectClean();
    });
  });
}
