import { createHash } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import { expect, test } from './support/test.js';
import { setNoSignal } from './support/offline.js';
import type { Device } from '../shared/api.js';
import { alertmanagerFixture, ApiClient, fireAlert } from './support/api-client.js';
import { enableNotifications, logIn, shownTime } from './support/app.js';
import { pushDelivery } from './support/browser.js';
import type { DoubleSubscription } from './support/push-service-double.js';
import { fireSubscriptionChange, pendingRegistration, rotateWhileClosed, stubRotatingPush } from './support/rotating-push.js';
import { useStack } from './support/stack.js';

const env = useStack();
const hashOf = (sub: DoubleSubscription) => createHash('sha256').update(sub.endpoint).digest('base64url');

/** Alice's devices as the server has them. */
async function devicesOnServer(): Promise<Device[]> {
  const alice = await new ApiClient(env.server.url).login('alice@example.com');
  return (await alice.request('GET', '/api/devices')).body.devices;
}
const named = async (name: string) => (await devicesOnServer()).filter((d) => d.name === name);

/** A page for Alice (she is primary), in an alert group of its own. */
async function page(groupKey: string): Promise<string> {
  const fired = await fireAlert(env.server.url, { ...alertmanagerFixture('firing-single-critical.json'), groupKey });
  expect(fired.body.outcome).toBe('opened');
  return fired.body.incidentId as string;
}

async function phone(browser: { newContext(): Promise<BrowserContext> }, subscriptions: DoubleSubscription[]) {
  const context = await browser.newContext();
  await context.grantPermissions(['notifications', 'background-sync'], { origin: env.server.url });
  await stubRotatingPush(context, subscriptions);
  return context;
}

test('the push service rotates the subscription: the worker registers the new one in place, queued with no signal, and the next page reaches it', async ({
  browser,
}) => {
  const subs = [env.push.subscribe(), env.push.subscribe()];
  const context = await phone(browser, subs);
  const app = await context.newPage();
  const delivery = await pushDelivery(context, app, env.server.url);
  await logIn(app, env.server.url, 'alice@example.com');
  await enableNotifications(app, 'Pixel 8');
  const [registered] = await named('Pixel 8');
  expect(registered.endpointHash).toBe(hashOf(subs[0]));
  await app.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // No signal when the browser tells the worker: the new subscription waits on the device.
  await setNoSignal(context, true);
  await fireSubscriptionChange(await delivery.worker(), subs);
  await expect.poll(async () => (await pendingRegistration(app))?.subscription.endpoint).toBe(subs[1].endpoint);
  await new Promise((r) => setTimeout(r, 1000));
  expect((await named('Pixel 8')).map((d) => d.endpointHash)).toEqual([hashOf(subs[0])]);

  // The signal returns: the same device, same name, the new endpoint.
  await setNoSignal(context, false);
  await expect
    .poll(async () => (await named('Pixel 8')).map((d) => [d.id, d.endpointHash]), { timeout: 20_000 })
    .toEqual([[registered.id, hashOf(subs[1])]]);
  await expect.poll(() => pendingRegistration(app)).toBeNull();

  const incidentId = await page('rotated-in-worker');
  const pushed = await env.push.waitForPush(subs[1].id);
  expect(pushed.payload).toMatchObject({ kind: 'page', incidentId });
  expect(env.push.pushesFor(subs[0].id)).toEqual([]);
  await app.goto(`${env.server.url}/incidents/${incidentId}`);
  await expect(app.getByText('paged Alice · Pixel 8')).toBeVisible();
  await app.goto(`${env.server.url}/settings`);
  await expect(app.getByText('✓ This device gets pages (Pixel 8)')).toBeVisible();
  await context.close();
});

test('the subscription changed while the app was closed: the app finds out at start and registers it in place, or anew if the server dropped the device', async ({
  browser,
}) => {
  const subs = [env.push.subscribe(), env.push.subscribe()];
  const context = await phone(browser, subs);
  const first = await context.newPage();
  await logIn(first, env.server.url, 'alice@example.com');
  await enableNotifications(first, 'Laptop');
  const [registered] = await named('Laptop');
  expect(registered.endpointHash).toBe(hashOf(subs[0]));

  await rotateWhileClosed(first);
  await first.close();
  const app = await context.newPage();
  await app.goto(env.server.url + '/');
  await expect
    .poll(async () => (await named('Laptop')).map((d) => [d.id, d.endpointHash]))
    .toEqual([[registered.id, hashOf(subs[1])]]);

  const incidentId = await page('rotated-while-closed');
  expect((await env.push.waitForPush(subs[1].id)).payload).toMatchObject({ kind: 'page', incidentId });
  expect(env.push.pushesFor(subs[0].id)).toEqual([]);

  // Removed on the server (on another device, say) while the browser still has its subscription and
  // the permission: the next start registers it again, as a new device with the same name.
  const alice = await new ApiClient(env.server.url).login('alice@example.com');
  expect((await alice.request('DELETE', `/api/devices/${registered.id}`)).status).toBe(204);
  await app.reload();
  await expect.poll(async () => (await named('Laptop')).map((d) => d.endpointHash)).toEqual([hashOf(subs[1])]);
  const [again] = await named('Laptop');
  expect(again.id).not.toBe(registered.id);
  await app.getByRole('link', { name: 'Settings' }).click();
  await expect(app.getByText('✓ This device gets pages (Laptop)')).toBeVisible();
  await context.close();
});

test('a device whose last page was never confirmed says so, on the home screen and in Settings, until a test page arrives', async ({
  browser,
}) => {
  const subs = [env.push.subscribe()];
  const context = await phone(browser, subs);
  const app = await context.newPage();
  const delivery = await pushDelivery(context, app, env.server.url);
  await logIn(app, env.server.url, 'alice@example.com');
  await enableNotifications(app, 'Pixel 7');

  // A page goes out to this phone, which never shows it (the push is not handed to the browser).
  await page('never-confirmed');
  await env.push.waitForPush(subs[0].id);
  await expect.poll(async () => (await named('Pixel 7'))[0].lastPage).toMatchObject({ confirmedAt: null });
  const { sentAt } = (await named('Pixel 7'))[0].lastPage!;

  // Three minutes later on the phone's clock.
  await context.clock.install({ time: Date.parse(sentAt) + 3 * 60_000 });
  await app.goto(env.server.url + '/');
  const time = new Date(sentAt).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' });
  // Three minutes can cross midnight: then the app names the day of the page.
  const lastPage = `Last page at ${shownTime(time)} was not confirmed by this device`;
  const banner = app.getByTestId('unconfirmed-page');
  await expect(banner).toContainText(new RegExp(`${lastPage}\\.`));
  await app.screenshot({ path: 'test-results/screens/unconfirmed-page-home.png' });

  await banner.click();
  await expect(app.getByText(new RegExp(`${lastPage} \\(Pixel 7\\) — send a test page`))).toBeVisible();
  await expect(app.getByTestId('device').filter({ hasText: 'Pixel 7' })).toContainText(new RegExp(lastPage));
  await app.screenshot({ path: 'test-results/screens/unconfirmed-page-settings.png', fullPage: true });

  // The test page reaches the phone; its receipt says pages get through again.
  const before = env.push.pushesFor(subs[0].id).length;
  await app.getByRole('button', { name: 'Send me a test page' }).click();
  await expect(app.getByText('✓ Sent to Pixel 7')).toBeVisible();
  await delivery.deliver((await env.push.waitForPush(subs[0].id, before + 1)).text);
  await expect.poll(async () => (await named('Pixel 7'))[0].lastDeliveredAt).not.toBeNull();
  await app.goto(env.server.url + '/');
  await expect(app.getByRole('heading', { name: 'Incidents' })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await context.close();
});
