import { expect, test } from './support/test.js';
import { alertmanagerFixture, fireAlert } from './support/api-client.js';
import { enableNotifications, logIn, shownTime } from './support/app.js';
import { actionsOf, setNoSignal } from './support/offline.js';
import { stubPushSubscription } from './support/browser.js';
import { useStack } from './support/stack.js';

const env = useStack();

test('Alice snoozes what she acknowledged; Carol reopens it once resolved, and it pages Alice again', async ({ browser }) => {
  const subscription = env.push.subscribe();
  const aliceContext = await browser.newContext();
  await aliceContext.grantPermissions(['notifications'], { origin: env.server.url });
  await stubPushSubscription(aliceContext, subscription);
  const alice = await aliceContext.newPage();
  await logIn(alice, env.server.url, 'alice@example.com');
  await enableNotifications(alice, 'Pixel 8');

  const fired = await fireAlert(env.server.url, alertmanagerFixture('firing-single-critical.json'));
  const incidentId = fired.body.incidentId as string;
  await env.push.waitForPush(subscription.id);
  await alice.goto(`${env.server.url}/incidents/${incidentId}`);
  // Nothing to snooze before it is acknowledged: it is still paging.
  await expect(alice.getByRole('button', { name: 'Acknowledge' })).toBeVisible();
  await expect(alice.getByRole('button', { name: 'Snooze 30 min' })).toHaveCount(0);

  await alice.getByRole('button', { name: 'Acknowledge' }).click();
  const actionsOnServer = async () => (await actionsOf(env.server.url, incidentId, 'alice@example.com')).map((e) => e.type);
  await expect.poll(actionsOnServer).toEqual(['ack']);
  // In a lift with no signal: the snooze waits in the outbox, shown at once, and goes when the signal returns.
  await setNoSignal(aliceContext, true);
  await alice.getByRole('button', { name: 'Snooze 30 min' }).click();
  await expect(alice.getByText('1 action queued')).toBeVisible();
  // A snooze past midnight names the day: "until Mon 12:02 AM".
  const until = shownTime();
  const snoozeLine = alice
    .getByRole('listitem')
    .filter({ hasText: new RegExp(String.raw`^[\d:]+( [AP]M)?Alice snoozed until ${until}`) });
  await expect(snoozeLine).toHaveAttribute('data-queued', 'true');
  await setNoSignal(aliceContext, false);
  await expect.poll(actionsOnServer).toEqual(['ack', 'snooze']);
  await expect(snoozeLine).not.toHaveAttribute('data-queued');
  await expect(
    alice.getByRole('heading', { name: new RegExp(`^Snoozed until ${until}, then you are paged again$`) }),
  ).toBeVisible();
  await alice.screenshot({ path: 'test-results/screens/snoozed.png' });

  await alice.getByRole('button', { name: 'Resolve…' }).click();
  await alice.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(alice.getByText('resolved', { exact: true })).toBeVisible();

  // Carol, who was never paged, reopens it: it is triggered again and pages the primary's phone.
  const carolContext = await browser.newContext();
  const carol = await carolContext.newPage();
  await logIn(carol, env.server.url, 'carol@example.com');
  await carol.goto(`${env.server.url}/incidents/${incidentId}`);
  await carol.getByRole('button', { name: 'Reopen…' }).click();
  await carol.getByRole('button', { name: 'Reopen and page' }).click();
  await expect(carol.getByText('Carol reopened the incident')).toBeVisible();
  await expect(carol.getByText('triggered', { exact: true })).toBeVisible();
  const page = await env.push.waitForPush(subscription.id, 2);
  expect(page.payload).toMatchObject({ kind: 'page', incidentId });
  await expect(alice.getByRole('button', { name: 'Acknowledge' })).toBeVisible();
  await expect(alice.getByText('No one has point yet: acknowledge to take it')).toBeVisible();

  for (const c of [aliceContext, carolContext]) await c.close();
});
