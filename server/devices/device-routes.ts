import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DeviceBody, ReceiptBody, type Device, type DeviceList, type PushKey, type TestPageResults } from '../../shared/api.js';
import type { z } from 'zod';
import { HttpError, parseBody } from '../http/errors.js';
import { perPersonLimit } from '../http/person-rate-limit.js';
import { personOf } from '../http/person-scope.js';
import type { ConfirmDelivery } from '../paging/delivery-receipts.js';
import type { Pager } from '../paging/pager.js';
import type { PushAllowList } from '../push/allow-list.js';
import type { DeviceRecord, DeviceStatus, DeviceStore } from '../store/store.js';

/** SHA-256 of an endpoint, base64url: what a browser compares its subscription with. */
export const endpointHash = (endpoint: string) => createHash('sha256').update(endpoint).digest('base64url');

/** Devices per person: a phone, a laptop, a tablet and spares — not a fan-out of hundreds per page. */
export const MAX_DEVICES = 10;

interface Deps {
  store: DeviceStore;
  allowList: PushAllowList;
  pager: Pager;
  now: () => Date;
}

export async function deviceRoutes(app: FastifyInstance, { store, allowList, pager, now }: Deps) {
  const toDevice = (d: DeviceStatus): Device => ({
    id: d.id,
    name: d.name,
    pushService: allowList.serviceOf(d.endpoint) ?? 'unknown',
    endpointHash: endpointHash(d.endpoint),
    createdAt: d.createdAt,
    lastDeliveredAt: d.lastDeliveredAt,
    lastPage: d.lastPage,
  });
  /** One device as the API shows it, with its last page: read back after a change. */
  const shown = async (d: DeviceRecord): Promise<Device> =>
    toDevice((await store.listDeviceStatuses(d.email)).find((s) => s.id === d.id) ?? { ...d, lastPage: null });

  app.get('/api/devices', async (request) => {
    const person = personOf(request);
    return { devices: (await store.listDeviceStatuses(person.email)).map(toDevice) } satisfies z.infer<typeof DeviceList>;
  });

  /**
   * Registers this browser's subscription: a new device (201), or with `replaces` a new subscription for
   * one of the person's devices (200), which keeps its id and name, so pages queued for it follow.
   */
  app.post('/api/devices', async (request, reply) => {
    const person = personOf(request);
    const { name, subscription, replaces } = parseBody(DeviceBody, request.body);
    if (!allowList.serviceOf(subscription.endpoint)) {
      throw new HttpError(400, 'push_service_not_allowed', `${new URL(subscription.endpoint).host} is not a known push service`);
    }
    const keys = { endpoint: subscription.endpoint, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth };
    if (replaces) {
      const device = await store.replaceDevice({
        email: person.email,
        deviceId: replaces.deviceId,
        oldEndpoint: replaces.endpoint,
        ...keys,
        name,
        at: now().toISOString(),
      });
      if (!device) {
        throw new HttpError(
          404,
          'device_not_found',
          'The device this subscription replaces is not one of yours (any more): register it as a new device',
        );
      }
      return reply.status(200).send(await shown(device));
    }
    const mine = await store.listDevices(person.email);
    // Each page goes to every device of a person: a bounded fan-out, and a list a person can read.
    if (mine.length >= MAX_DEVICES && !mine.some((d) => d.endpoint === subscription.endpoint)) {
      throw new HttpError(
        409,
        'too_many_devices',
        `You already have ${MAX_DEVICES} devices that get pages: remove one you no longer use (Settings → Your devices), then enable notifications here again`,
      );
    }
    const device = await store.upsertDevice({
      id: randomUUID(),
      email: person.email,
      name: name!,
      ...keys,
      createdAt: now().toISOString(),
    });
    return reply.status(201).send(await shown(device));
  });

  app.delete<{ Params: { id: string } }>('/api/devices/:id', async (request, reply) => {
    const person = personOf(request);
    if (!(await store.deleteDevice(request.params.id, person.email))) {
      throw new HttpError(404, 'not_found', 'No such device of yours');
    }
    return reply.status(204).send();
  });

  app.post('/api/push/test', perPersonLimit('test pages', 10, 10), async (request) => {
    const person = personOf(request);
    const results = await pager.testPage(person.email);
    if (results.length === 0) {
      throw new HttpError(409, 'no_devices', 'You have no device with notifications on: enable them on this device first');
    }
    return { results } satisfies z.infer<typeof TestPageResults>;
  });
}

/** What a service worker needs without a session: the server's push key, and where to confirm a page. */
export async function pushWorkerRoutes(
  app: FastifyInstance,
  { confirmDelivery, vapidPublicKey }: { confirmDelivery: ConfirmDelivery; vapidPublicKey: string },
) {
  app.get('/api/push/key', async () => ({ publicKey: vapidPublicKey }) satisfies z.infer<typeof PushKey>);

  /** The service worker's word that a page arrived. The signed receipt is the credential: no session needed. */
  app.post('/api/push/receipts', async (request, reply) => {
    const { receipt } = parseBody(ReceiptBody, request.body);
    if (!(await confirmDelivery(receipt))) throw new HttpError(400, 'bad_receipt', 'This receipt was not issued by this server');
    return reply.status(204).send();
  });
}
