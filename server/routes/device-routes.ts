import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DeviceBody, ReceiptBody, type Device } from '../../shared/api.js';
import type { Sessions } from '../auth/sessions.js';
import { HttpError, parseBody } from '../http/errors.js';
import { systemEvent, type Timeline } from '../incidents/timeline.js';
import type { Pager } from '../paging/pager.js';
import type { PushAllowList } from '../push/allow-list.js';
import { receiptEventId, type ReceiptTokens } from '../push/receipt-token.js';
import type { DeviceRecord, Store } from '../store/store.js';

interface Deps {
  store: Store;
  sessions: Sessions;
  allowList: PushAllowList;
  pager: Pager;
  timeline: Timeline;
  receipts: ReceiptTokens;
  vapidPublicKey: string;
  now: () => Date;
}

export function deviceRoutes(
  app: FastifyInstance,
  { store, sessions, allowList, pager, timeline, receipts, vapidPublicKey, now }: Deps,
) {
  const toDevice = (d: DeviceRecord): Device => ({
    id: d.id,
    name: d.name,
    pushService: allowList.serviceOf(d.endpoint) ?? 'unknown',
    createdAt: d.createdAt,
    lastDeliveredAt: d.lastDeliveredAt,
  });

  app.get('/api/push/key', async () => ({ publicKey: vapidPublicKey }));

  app.get('/api/devices', async (request) => {
    const person = await sessions.require(request);
    return { devices: (await store.listDevices(person.email)).map(toDevice) };
  });

  app.post('/api/devices', async (request, reply) => {
    const person = await sessions.require(request);
    const { name, subscription } = parseBody(DeviceBody, request.body);
    if (!allowList.serviceOf(subscription.endpoint)) {
      throw new HttpError(400, 'push_service_not_allowed', `${new URL(subscription.endpoint).host} is not a known push service`);
    }
    const device = await store.upsertDevice({
      id: randomUUID(),
      email: person.email,
      name,
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      createdAt: new Date().toISOString(),
    });
    return reply.status(201).send(toDevice(device));
  });

  app.delete<{ Params: { id: string } }>('/api/devices/:id', async (request, reply) => {
    const person = await sessions.require(request);
    if (!(await store.deleteDevice(request.params.id, person.email))) {
      throw new HttpError(404, 'not_found', 'No such device of yours');
    }
    return reply.status(204).send();
  });

  app.post('/api/push/test', async (request) => {
    const person = await sessions.require(request);
    const results = await pager.testPage(person.email);
    if (results.length === 0) {
      throw new HttpError(409, 'no_devices', 'You have no device with notifications on: enable them on this device first');
    }
    return { results };
  });

  /** The service worker's word that a page arrived. The signed receipt is the credential: no session needed. */
  app.post('/api/push/receipts', async (request, reply) => {
    const { receipt } = parseBody(ReceiptBody, request.body);
    const claims = receipts.verify(receipt);
    if (!claims) throw new HttpError(400, 'bad_receipt', 'This receipt was not issued by this server');
    const at = now().toISOString();
    const device = await store.markDeviceDelivered(claims.deviceId, at);
    // The page is confirmed even if its device was removed since: it did reach a phone.
    await store.confirmPush(claims.pushId, at);
    if (device && claims.incidentId) {
      await timeline.append([
        {
          ...systemEvent(claims.incidentId, {
            type: 'delivered',
            person: device.email,
            deviceId: device.id,
            deviceName: device.name,
          }),
          id: receiptEventId(receipt),
        },
      ]);
    }
    return reply.status(204).send();
  });
}
