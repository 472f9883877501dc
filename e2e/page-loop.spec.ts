import { expect, test } from './support/test.js';
import { alertmanagerFixture, fireAlert } from './support/api-client.js';
import { enableNotifications, logIn } from './support/app.js';
import {
  pushDelivery,
  shownNotifications,
  stubPushSubscription,
  tapNotificationAction,
  waitForNotification,
} from './support/browser.js';
import { useStack } from './support/stack.js';

const env = useStack();

test('page → notification → acknowledge from the lock screen → live timeline on a second screen', async ({ browser }) => {
  const subscription = env.push.subscribe();
  const alice = await browser.newContext();
  await alice.grantPermissions(['notifications'], { origin: env.server.url });
  await stubPushSubscription(alice, subscription);
  const alicePage = await alice.newPage();
  const delivery = await pushDelivery(alice, alicePage, env.server.url);

  // Alice logs in and turns on notifications for this device.
  await logIn(alicePage, env.server.url, 'alice@example.com');
  await expect(alicePage.getByLabel('On call now')).toContainText('Payments on-call: You are primary');
  await expect(alicePage.getByText('You have no device that can be paged.')).toBeVisible();
  await enableNotifications(alicePage, 'Pixel 8');

  // Before her first shift she checks that pages really reach this device.
  await alicePage.getByRole('button', { name: 'Send me a test page' }).click();
  await expect(alicePage.getByText('✓ Sent to Pixel 8')).toBeVisible();
  const testPage = await env.push.waitForPush(subscription.id);
  expect(testPage.payload).toMatchObject({ kind: 'test', title: 'Test page from onpoint' });
  await alicePage.screenshot({ path: 'test-results/screens/settings.png' });

  // Bob watches the incident list on his own screen.
  const bob = await browser.newContext();
  const bobPage = await bob.newPage();
  await logIn(bobPage, env.server.url, 'bob@example.com');
  await expect(bobPage.getByLabel('On call now')).toContainText('You are secondary · Alice is primary');
  await bobPage.screenshot({ path: 'test-results/screens/list-bob.png' });

  // Alertmanager fires; the push service double receives one encrypted push for Alice.
  const fired = await fireAlert(env.server.url, alertmanagerFixture('firing-single-critical.json'));
  expect(fired.body.outcome).toBe('opened');
  const incidentId = fired.body.incidentId as string;
  const received = await env.push.waitForPush(subscription.id, 2);
  expect(received.payload).toMatchObject({ kind: 'page', incidentId, severity: 'critical' });
  expect(received.urgency).toBe('high');

  // Bob sees it appear without reloading, and opens it.
  await bobPage.getByText('Checkout API 5xx rate above 5% for 5m').click();
  await expect(bobPage.getByTestId('point')).toHaveText('No one has point yet: acknowledge to take it');

  // The push reaches Alice's service worker: a notification with both actions, and a receipt.
  await delivery.deliver(received.text);
  const tag = `incident-${incidentId}`;
  await waitForNotification(delivery, tag);
  await expect
    .poll(async () => (await shownNotifications(delivery)).find((n) => n.tag === tag)?.actions.map((a) => a.title))
    .toEqual(['Acknowledge', 'Escalate']);
  const [shown] = await shownNotifications(delivery);
  expect(shown.title).toContain('Checkout API 5xx rate above 5% for 5m');
  expect(shown.requireInteraction).toBe(true);
  await expect(bobPage.getByText('delivered to Alice · Pixel 8')).toBeVisible();
  await expect(bobPage.getByText('paged Alice · Pixel 8')).toBeVisible();

  // Alice taps Acknowledge on the notification without opening the app.
  await tapNotificationAction(delivery, tag, 'ack');
  await expect.poll(async () => (await shownNotifications(delivery)).find((n) => n.tag === tag)?.title).toBe('Acknowledged ✓');
  expect((await shownNotifications(delivery)).find((n) => n.tag === tag)?.body).toContain('You have point.');

  // Bob's open incident screen updates live: the ack, from the notification, and who has point.
  await expect(bobPage.getByText('Alice acknowledged from notification')).toBeVisible();
  await expect(bobPage.getByTestId('point')).toHaveText('Point: Alice');
  await expect(bobPage.getByText('acknowledged', { exact: true })).toBeVisible();
  await bobPage.screenshot({ path: 'test-results/screens/incident-bob.png', fullPage: true });

  // Alice opens it too: she has point, and the playbook's script-free Markdown is there.
  await alicePage.goto(`${env.server.url}/incidents/${incidentId}`);
  await expect(alicePage.getByTestId('point')).toHaveText('Point: You');
  await expect(alicePage.getByRole('heading', { name: 'Checkout API error rate is high' })).toBeVisible();
  await alicePage.screenshot({ path: 'test-results/screens/incident-alice.png' });

  // The same payload again pages nobody.
  const pushesBefore = env.push.received.length;
  expect((await fireAlert(env.server.url, alertmanagerFixture('firing-single-critical.json'))).body.outcome).toBe('duplicate');
  const next = await fireAlert(env.server.url, alertmanagerFixture('firing-group-truncated.json'));
  const nextPush = await env.push.waitForPush(subscription.id, 3);
  expect(env.push.received.slice(pushesBefore).map((p) => (p.payload as { incidentId: string }).incidentId)).toEqual([
    next.body.incidentId,
  ]);

  // A plain tap on that page's notification brings the open app window to its incident.
  await alicePage.goto(env.server.url + '/settings');
  await delivery.deliver(nextPush.text);
  const nextTag = `incident-${next.body.incidentId}`;
  await waitForNotification(delivery, nextTag);
  await tapNotificationAction(delivery, nextTag, '');
  await expect(alicePage).toHaveURL(`${env.server.url}/incidents/${next.body.incidentId}`);
  await expect(alicePage.getByText('NodeDiskFull: 7 alerts on storage').first()).toBeVisible();
  // The playbook comes first; the alert's own details open below it.
  await alicePage.getByText('Alert details', { exact: true }).click();
  await expect(alicePage.getByText('+ 2 more not shown (Alertmanager sent only the first 5)')).toBeVisible();

  await alice.close();
  await bob.close();
});

test('untrusted alert text is shown as text, and playbook commands copy', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await logIn(page, env.server.url, 'carol@example.com');
  const fired = await fireAlert(env.server.url, alertmanagerFixture('firing-nonpaging-untrusted-text.json'));
  await page.getByText('TLS certificate for shop.example.com expires in 13 days — renew ✓').first().click();
  await page.getByText('Alert details', { exact: true }).click();
  await expect(page.getByText('<script>alert(1)</script> should be shown as text, not run')).toBeVisible();
  await expect(page.getByText('not paged: paging class "never": on the timeline only')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'TLS certificate expires soon' })).toBeVisible();
  expect(dialogs).toEqual([]);
  expect(page.url()).toBe(`${env.server.url}/incidents/${fired.body.incidentId}`);

  // Copy buttons on playbook commands.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  await page.getByRole('button', { name: 'Copy' }).first().click();
  await expect(page.getByRole('button', { name: 'Copied ✓' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('openssl s_client');
  await context.close();
});
