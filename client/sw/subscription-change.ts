import { PushKey } from '../../shared/api.js';
import { requestBackgroundSync } from '../outbox/background-sync.js';
import { getCurrentUser } from '../offline/db.js';
import { queueDeviceRegistration, subscriptionJson } from '../outbox/device-registration.js';
import { getThisDevice, getVapidKey } from '../offline/this-device.js';
import { guessDeviceName } from '../push/device-name.js';
import { keyBytes } from '../push/vapid-key.js';
import { flushFromWorker } from './outbox-sync.js';

declare const self: ServiceWorkerGlobalScope;

/** The key to subscribe with: the old subscription's, else the one stored, else the server's. */
async function applicationServerKey(old: PushSubscription | null): Promise<BufferSource> {
  const given = old?.options.applicationServerKey;
  if (given) return given;
  const stored = await getVapidKey();
  if (stored) return keyBytes(stored);
  const response = await fetch('/api/push/key', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot get the push key (${response.status})`);
  return keyBytes(PushKey.parse(await response.json()).publicKey);
}

/**
 * The push service replaced (or dropped) this browser's subscription: without a new one on the server,
 * pages quietly stop. Subscribes again if the browser did not, and registers the new subscription in
 * place of the old, so the device keeps its id and name and pages queued for it follow. With no signal
 * it waits in IndexedDB for the next flush: Background Sync, a push, the app.
 */
export async function handleSubscriptionChange(old: PushSubscription | null, given: PushSubscription | null): Promise<void> {
  const device = await getThisDevice();
  const email = device?.email ?? (await getCurrentUser());
  // Nobody's device as far as this browser knows: the app's check at the next login decides.
  if (!email) return;
  const subscription =
    given ??
    (await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: await applicationServerKey(old),
    }));
  await queueDeviceRegistration({
    email,
    subscription: subscriptionJson(subscription),
    replaces: device || old ? { deviceId: device?.id, endpoint: old?.endpoint } : null,
    name: device?.name ?? guessDeviceName(navigator.userAgent),
  });
  const report = await flushFromWorker();
  if (report.device !== 'registered' && report.device !== 'rejected') await requestBackgroundSync(self.registration);
}
