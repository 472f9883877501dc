import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceBody } from '../../shared/api.js';
import { forgetEverything, openOnpointDb } from '../offline/db.js';
import { pendingDeviceRegistration, queueDeviceRegistration, sendPendingRegistration } from './device-registration.js';
import { flushOutbox } from './queue.js';
import { getThisDevice, setThisDevice } from '../offline/this-device.js';

const ALICE = 'alice@example.com';
const keys = { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) };
const sub = (n: number) => ({ endpoint: `https://push.example/sub-${n}`, expirationTime: null, keys });
const device = (id: string, name = 'Pixel 8') => ({
  id,
  name,
  pushService: 'FCM',
  endpointHash: 'h',
  createdAt: '',
  lastDeliveredAt: null,
  lastPage: null,
});

/** The server as the registration sees it: records each POST /api/devices and answers as told. */
function fakeServer(answer: (body: DeviceBody) => { status: number; body?: unknown } | 'offline') {
  const received: DeviceBody[] = [];
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string) as DeviceBody;
    const answered = answer(body);
    if (answered === 'offline') throw new TypeError('Failed to fetch');
    received.push(body);
    return new Response(answered.body === undefined ? null : JSON.stringify(answered.body), { status: answered.status });
  }) as typeof fetch;
  return { received, fetchImpl };
}

beforeEach(async () => {
  await (await openOnpointDb()).clear('kv');
});

describe('a new push subscription waiting for the server', () => {
  it('waits one at a time, keeping the device the server knows when the browser rotates it twice', async () => {
    await queueDeviceRegistration({
      email: ALICE,
      subscription: sub(2),
      replaces: { deviceId: 'd1', endpoint: sub(1).endpoint },
      name: 'Pixel 8',
    });
    await queueDeviceRegistration({
      email: ALICE,
      subscription: sub(3),
      replaces: { deviceId: 'd1', endpoint: sub(2).endpoint },
      name: 'Pixel 8',
    });
    expect(await pendingDeviceRegistration()).toMatchObject({
      subscription: sub(3),
      replaces: { deviceId: 'd1', endpoint: sub(1).endpoint },
    });
  });

  it('goes out in place of the old one with the outbox, and this device keeps its id', async () => {
    await setThisDevice({ id: 'd1', email: ALICE, name: 'Pixel 8' });
    await queueDeviceRegistration({ email: ALICE, subscription: sub(2), replaces: { deviceId: 'd1' }, name: 'Pixel 8' });
    const server = fakeServer(() => ({ status: 200, body: device('d1') }));
    const report = await flushOutbox({
      email: ALICE,
      registerDevice: (email) => sendPendingRegistration(email, server.fetchImpl),
    });
    expect(server.received).toEqual([{ subscription: sub(2), replaces: { deviceId: 'd1' } }]);
    expect(report).toMatchObject({ device: 'registered', waiting: 0, stoppedBy: null });
    expect(await pendingDeviceRegistration()).toBeNull();
    expect(await getThisDevice()).toEqual({ id: 'd1', email: ALICE, name: 'Pixel 8' });
  });

  it('registers a new device with its name when the server no longer has the old one', async () => {
    await queueDeviceRegistration({ email: ALICE, subscription: sub(2), replaces: { deviceId: 'gone' }, name: 'Pixel 8' });
    const server = fakeServer((body) =>
      body.replaces
        ? { status: 404, body: { error: { code: 'device_not_found', message: 'not yours' } } }
        : { status: 201, body: device('d2') },
    );
    expect(await sendPendingRegistration(ALICE, server.fetchImpl)).toMatchObject({ kind: 'registered', device: { id: 'd2' } });
    expect(server.received.map((b) => b.name ?? null)).toEqual([null, 'Pixel 8']);
    expect(await getThisDevice()).toEqual({ id: 'd2', email: ALICE, name: 'Pixel 8' });
  });

  it('stays with no signal or no session, counted as waiting, and only its own person sends it', async () => {
    await queueDeviceRegistration({ email: ALICE, subscription: sub(2), replaces: { deviceId: 'd1' }, name: 'Pixel 8' });
    const offline = fakeServer(() => 'offline');
    const report = await flushOutbox({
      email: ALICE,
      registerDevice: (email) => sendPendingRegistration(email, offline.fetchImpl),
    });
    expect(report).toMatchObject({ device: 'unreachable', waiting: 1, stoppedBy: 'unreachable' });
    const loggedOut = fakeServer(() => ({ status: 401, body: { error: { code: 'unauthorized', message: 'log in' } } }));
    expect(await sendPendingRegistration(ALICE, loggedOut.fetchImpl)).toEqual({ kind: 'logged_out' });
    const bobs = fakeServer(() => ({ status: 200, body: device('d1') }));
    expect(await sendPendingRegistration('bob@example.com', bobs.fetchImpl)).toBeNull();
    expect(bobs.received).toEqual([]);
    expect(await pendingDeviceRegistration()).not.toBeNull();
  });

  it('is forgotten at logout, while which device this is stays', async () => {
    await setThisDevice({ id: 'd1', email: ALICE, name: 'Pixel 8' });
    await queueDeviceRegistration({ email: ALICE, subscription: sub(2), replaces: { deviceId: 'd1' }, name: 'Pixel 8' });
    await forgetEverything();
    expect(await pendingDeviceRegistration()).toBeNull();
    expect(await getThisDevice()).toEqual({ id: 'd1', email: ALICE, name: 'Pixel 8' });
  });
});
