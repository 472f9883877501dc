import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import type { DoubleSubscription } from '../../e2e/support/push-service-double.js';
import { startStack, type Stack } from '../../e2e/support/stack.js';
import type { Device } from '../../shared/api.js';

const asJson = (sub: DoubleSubscription) => ({ endpoint: sub.endpoint, keys: sub.keys });

/** A browser rotated its push subscription: the device takes the new one in place, over the HTTP API. */
describe('a device given a new subscription', () => {
  let stack: Stack;
  let alice: ApiClient;
  let bob: ApiClient;
  let old: DoubleSubscription;
  let device: Device;

  beforeAll(async () => {
    stack = await startStack();
    alice = await new ApiClient(stack.server.url).login('alice@example.com');
    bob = await new ApiClient(stack.server.url).login('bob@example.com');
    old = stack.push.subscribe();
    const registered = await alice.request('POST', '/api/devices', { name: 'Pixel 8', subscription: asJson(old) });
    expect(registered.status).toBe(201);
    device = registered.body;
  });
  afterAll(() => stack?.stop());

  it('refuses with clear errors: a new device without a name, replacing nothing, a push service not allowed, another person’s device', async () => {
    const next = asJson(stack.push.subscribe());
    const noName = await alice.request('POST', '/api/devices', { subscription: next });
    expect(noName).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_body', message: expect.stringContaining('name: a new device needs a name') } },
    });
    const empty = await alice.request('POST', '/api/devices', { subscription: next, replaces: {} });
    expect(empty.body.error.message).toContain('replaces: give deviceId or endpoint');
    const evil = await alice.request('POST', '/api/devices', {
      subscription: { ...next, endpoint: 'https://169.254.169.254/latest' },
      replaces: { deviceId: device.id },
    });
    expect(evil).toMatchObject({ status: 400, body: { error: { code: 'push_service_not_allowed' } } });
    const notHers = await bob.request('POST', '/api/devices', { subscription: next, replaces: { deviceId: device.id } });
    expect(notHers).toMatchObject({
      status: 404,
      body: {
        error: {
          code: 'device_not_found',
          message: 'The device this subscription replaces is not one of yours (any more): register it as a new device',
        },
      },
    });
    expect((await bob.request('GET', '/api/devices')).body.devices).toEqual([]);
    expect((await alice.request('GET', '/api/devices')).body.devices).toMatchObject([{ id: device.id, name: 'Pixel 8' }]);
  });

  it('keeps the id and name, and the next page goes to the new endpoint only', async () => {
    const rotated = stack.push.subscribe();
    const replaced = await alice.request('POST', '/api/devices', {
      subscription: asJson(rotated),
      replaces: { endpoint: old.endpoint },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      id: device.id,
      name: 'Pixel 8',
      endpointHash: createHash('sha256').update(rotated.endpoint).digest('base64url'),
      lastPage: null,
    });
    expect(replaced.body.endpointHash).not.toBe(device.endpointHash);

    const fired = await postAlertmanager(stack.server.url, alertmanagerFixture('firing-single-critical.json'));
    const page = await stack.push.waitForPush(rotated.id);
    expect(page.payload).toMatchObject({ kind: 'page', incidentId: fired.body.incidentId });
    expect(stack.push.pushesFor(old.id)).toEqual([]);

    // Sent, not yet confirmed; the device's receipt confirms it.
    const lastPage = async () => ((await alice.request('GET', '/api/devices')).body.devices as Device[])[0].lastPage;
    await expect.poll(lastPage).toMatchObject({ sentAt: expect.any(String), confirmedAt: null });
    const { receipt } = page.payload as { receipt: string };
    expect((await new ApiClient(stack.server.url).request('POST', '/api/push/receipts', { receipt })).status).toBe(204);
    expect((await lastPage())?.confirmedAt).toEqual(expect.any(String));
  });
});
