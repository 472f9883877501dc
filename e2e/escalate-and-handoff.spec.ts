import { expect, test } from './support/test.js';
import { alertmanagerFixture, fireAlert } from './support/api-client.js';
import { logIn } from './support/app.js';
import { shownNotifications, tapNotificationAction, waitForNotification } from './support/browser.js';
import { responder } from './support/responder.js';
import { useStack } from './support/stack.js';

const env = useStack();

test('"I need help": Escalate from the notification pages the secondary; a handoff gives Bob point', async ({ browser }) => {
  const alice = await responder(browser, env, 'alice@example.com', 'Pixel 8');
  const bob = await responder(browser, env, 'bob@example.com', 'iPhone');

  const fired = await fireAlert(env.server.url, alertmanagerFixture('firing-single-critical.json'));
  const incidentId = fired.body.incidentId as string;
  const page = await env.push.waitForPush(alice.subscription.id);
  await bob.page.goto(`${env.server.url}/incidents/${incidentId}`);
  await expect(bob.page.getByText('paging Alice (Payments on-call primary)')).toBeVisible();
  // Nobody has point yet: Bob may take it by acknowledging, but not hand it to anyone (only a lead may).
  await expect(bob.page.getByRole('button', { name: 'Acknowledge' })).toBeVisible();
  await expect(bob.page.getByRole('button', { name: 'Hand off point' })).toHaveCount(0);

  // Alice taps Escalate on the lock-screen notification, without opening the app.
  await alice.delivery.deliver(page.text);
  const tag = `incident-${incidentId}`;
  await waitForNotification(alice.delivery, tag);
  await tapNotificationAction(alice.delivery, tag, 'escalate');
  await expect
    .poll(async () => (await shownNotifications(alice.delivery)).find((n) => n.tag === tag)?.title)
    .toBe('Escalation requested ✓');

  // Bob's phone is paged at once, and everyone's timeline says why.
  const bobPage = await env.push.waitForPush(bob.subscription.id);
  expect(bobPage.payload).toMatchObject({ kind: 'page', incidentId });
  await expect(bob.page.getByText('Alice asked to escalate from notification')).toBeVisible();
  await expect(bob.page.getByText('paging Bob (Payments on-call secondary)')).toBeVisible();

  // Alice acknowledges in the app, then hands point to Bob in two taps.
  await alice.page.goto(`${env.server.url}/incidents/${incidentId}`);
  await alice.page.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alice.page.getByTestId('point')).toHaveText('Point: You');
  await alice.page.getByRole('button', { name: 'Hand off point' }).click();
  await expect(alice.page.getByRole('button', { name: /^Bob/ })).toContainText('Payments on-call secondary · 1 device');
  await alice.page.screenshot({ path: 'test-results/screens/handoff.png' });
  await alice.page.getByRole('button', { name: /^Bob/ }).click();

  // Bob is told on his phone, and both screens show who is in charge now.
  const pointPush = await env.push.waitForPush(bob.subscription.id, 2);
  expect(pointPush.payload).toMatchObject({ kind: 'point', incidentId, summary: 'Alice handed point to you.' });
  await expect(alice.page.getByTestId('point')).toHaveText('Point: Bob');
  await expect(alice.page.getByText('Helping: you')).toBeVisible();
  await expect(bob.page.getByTestId('point')).toHaveText('Point: You');
  await expect(bob.page.getByText('Alice handed point to Bob')).toBeVisible();
  await expect(alice.page.getByText('told they have point: Bob · iPhone')).toBeVisible();
  await bob.page.screenshot({ path: 'test-results/screens/bob-has-point.png', fullPage: true });

  // Carol joins as a helper; Bob keeps point.
  const carol = await browser.newContext();
  const carolPage = await carol.newPage();
  await logIn(carolPage, env.server.url, 'carol@example.com');
  await carolPage.goto(`${env.server.url}/incidents/${incidentId}`);
  await expect(carolPage.getByRole('button', { name: 'Hand off point' })).toBeVisible();
  await carolPage.getByRole('button', { name: 'Join to help' }).click();
  await expect(bob.page.getByText('Carol joined to help')).toBeVisible();

  // Bob resolves with a note.
  await bob.page.getByRole('button', { name: 'Resolve…' }).click();
  await bob.page.getByLabel('How was it resolved? (optional)').fill('Rolled back the 02:40 deploy');
  await bob.page.getByRole('button', { name: 'Resolve incident' }).click();
  await expect(alice.page.getByText('Bob resolved: Rolled back the 02:40 deploy')).toBeVisible();

  for (const c of [alice.context, bob.context, carol]) await c.close();
});
