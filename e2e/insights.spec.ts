import type { Page } from '@playwright/test';
import { expect, test } from './support/test.js';
import { setNoSignal } from './support/offline.js';
import { describeTimelineEvent } from '../shared/describe-event.js';
import type { IncidentView } from '../shared/api.js';
import { alertmanagerFixture, fireAlert } from './support/api-client.js';
import { logIn } from './support/app.js';
import { useStack } from './support/stack.js';

const env = useStack();

async function resolveOne(page: Page, groupKey: string, note: string): Promise<string> {
  const fired = await fireAlert(env.server.url, { ...alertmanagerFixture('firing-single-critical.json'), groupKey });
  const id = fired.body.incidentId as string;
  await page.goto(`${env.server.url}/incidents/${id}`);
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByTestId('point')).toHaveText('Point: You');
  await page.getByRole('button', { name: 'Resolve…' }).click();
  await page.getByLabel('How was it resolved? (optional)').fill(note);
  await page.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(page.getByRole('heading', { name: 'Was this page actionable?' })).toBeVisible();
  return id;
}

async function checkoutPrecision(page: Page) {
  await page.goto(`${env.server.url}/insights`);
  const rule = page.getByTestId('rule').filter({ hasText: 'CheckoutHighErrorRate' });
  return rule.getByTestId('precision');
}

test('answering "not actionable" after resolving moves the rule’s precision on the insights screen', async ({ page }) => {
  await logIn(page, env.server.url, 'alice@example.com');
  const first = await resolveOne(page, 'insights-first', 'Rolled back 2026.11.3');

  // Not answered yet: on the home screen to review, and no precision for the rule.
  await page.goto(env.server.url + '/');
  await expect(page.getByTestId('to-review').locator(`a[href="/incidents/${first}"]`)).toBeVisible();
  await expect(await checkoutPrecision(page)).toHaveText('— (1 to review)');

  await page.goto(`${env.server.url}/incidents/${first}`);
  await page.getByLabel('Why (optional)').fill('A canary that always recovers');
  await page.getByRole('button', { name: 'No, not actionable' }).click();
  await expect(page.getByTestId('actionable-answer')).toHaveText('The page was not actionable.');
  await expect(await checkoutPrecision(page)).toHaveText('0%');

  const second = await resolveOne(page, 'insights-second', 'Restarted the payment worker');
  await page.getByRole('button', { name: 'Yes, actionable' }).click();
  await expect(page.getByTestId('actionable-answer')).toHaveText('The page was actionable.');
  await expect(await checkoutPrecision(page)).toHaveText('50%');
  await page.screenshot({ path: 'test-results/screens/insights.png', fullPage: true });

  // A longer period asks for it: the same two pages, counted since three months ago.
  const threeMonths = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/insights' && r.ok());
  await page.getByRole('button', { name: '3 months' }).click();
  await expect(page.getByRole('button', { name: '3 months' })).toHaveAttribute('aria-pressed', 'true');
  // From the request the tap made, not from the clock now: midnight may have passed in between.
  const from = new URL((await threeMonths).url()).searchParams.get('from')!;
  expect(Date.now() - Date.parse(from)).toBeGreaterThanOrEqual(91 * 86_400_000);
  const since = await page.evaluate((iso) => new Date(iso).toLocaleDateString([], { month: 'short', day: 'numeric' }), from);
  await expect(page.getByText(`Incidents opened since ${since}.`)).toBeVisible();
  await expect(page.getByTestId('rule').filter({ hasText: 'CheckoutHighErrorRate' }).getByTestId('precision')).toHaveText('50%');

  // The second incident shows how the first went.
  await page.goto(`${env.server.url}/incidents/${second}`);
  const history = page.getByLabel('Earlier incidents of this alert');
  await expect(history).toContainText('Alice had point');
  await expect(history).toContainText('Rolled back 2026.11.3');
  await expect(history).toContainText('not actionable');

  // Changing the answer later counts.
  await page.goto(`${env.server.url}/incidents/${first}`);
  await page.getByRole('button', { name: 'Change' }).click();
  await page.getByRole('button', { name: 'Yes, actionable' }).click();
  // Shown once it is safe on the device; leaving the page before that could drop the tap.
  await expect(page.getByTestId('actionable-answer')).toHaveText('The page was actionable.');
  await expect(await checkoutPrecision(page)).toHaveText('100%');
});

test('the postmortem draft has every timeline event, in order, with times in the team’s time zone', async ({ page }) => {
  await logIn(page, env.server.url, 'alice@example.com');
  const id = await resolveOne(page, 'postmortem', 'Rolled back the release');
  await page.getByRole('button', { name: 'No, not actionable' }).click();
  await expect(page.getByTestId('actionable-answer')).toBeVisible();
  // That answer is safe on the device, and reaches the server a moment later: the draft and the timeline below
  // are read from the server one after the other, so both are read once it is there (else one may have it and
  // the other not).
  await expect
    .poll(() =>
      page.evaluate(async (incidentId) => {
        const { timeline } = (await (await fetch(`/api/incidents/${incidentId}`)).json()) as IncidentView;
        return timeline.some((e) => e.type === 'actionable');
      }, id),
    )
    .toBe(true);

  const [markdown, view] = await page.evaluate(async (incidentId) => {
    const md = await (await fetch(`/api/incidents/${incidentId}/postmortem.md`)).text();
    const json = await (await fetch(`/api/incidents/${incidentId}`)).json();
    return [md, json];
  }, id);
  const names: Record<string, string> = { 'alice@example.com': 'Alice', 'bob@example.com': 'Bob', 'carol@example.com': 'Carol' };
  const dublin = (iso: string) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Dublin', dateStyle: 'short', timeStyle: 'medium' }).format(
      new Date(iso),
    );
  const expected = (view as IncidentView).timeline.map(
    (e) =>
      `| ${dublin(e.occurredAt)} | ${describeTimelineEvent(e, { nameOf: (email) => names[email] ?? email, time: dublin })} |`,
  );
  const rows = markdown.split('\n').filter((line) => /^\| \d{4}-/.test(line));
  expect(rows).toEqual(expected);
  expect(rows.length).toBeGreaterThanOrEqual(5);
  expect(markdown).toContain('# Postmortem: Checkout API 5xx rate above 5% for 5m');
  expect(markdown).toContain('- **Resolution:** Rolled back the release');
  expect(markdown).toContain('- Alice: ');
  expect(markdown).toContain('blameless');
});

test('an incident declared with no signal is declared once, by itself, when the network returns', async ({ page, context }) => {
  await logIn(page, env.server.url, 'alice@example.com');
  await page.goto(`${env.server.url}/declare`);
  const title = `Customers report double charges ${Date.now()}`;
  await page.getByLabel('What is wrong?').fill(title);
  await page.getByLabel('Who has point?').selectOption({ label: 'Bob' });

  await setNoSignal(context, true);
  await page.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page.getByRole('status')).toContainText('No connection: not declared yet.');
  await expect(page.getByRole('button', { name: 'Waiting for a connection…' })).toBeDisabled();

  await setNoSignal(context, false);
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('region', { name: 'Status' }).getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByTestId('point')).toHaveText('Point: Bob');
  const titles = await page.evaluate(async () =>
    ((await (await fetch('/api/incidents')).json()) as { incidents: { title: string }[] }).incidents.map((i) => i.title),
  );
  expect(titles.filter((t) => t === title)).toHaveLength(1);
});

test('Insights opened with no signal says so, and fills in when the network returns', async ({ page, context }) => {
  await fireAlert(env.server.url, { ...alertmanagerFixture('firing-single-critical.json'), groupKey: 'insights-offline' });
  await logIn(page, env.server.url, 'alice@example.com');
  // The Insights screen is a lazy chunk: offline, only the service worker's precache has it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await setNoSignal(context, true);
  await page
    .getByRole('button', { name: 'Insights' })
    .or(page.getByRole('link', { name: 'Insights' }))
    .first()
    .click();
  await expect(page.getByTestId('offline-banner')).toHaveText('Offline — nothing saved on this device yet');

  await setNoSignal(context, false);
  await expect(page.getByTestId('rule').filter({ hasText: 'CheckoutHighErrorRate' })).toBeVisible();
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
});
