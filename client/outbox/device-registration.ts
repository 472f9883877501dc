import { Device, type DeviceBody, type DeviceReplaces, type PushSubscriptionJson } from '../../shared/api.js';
import { REQUEST_TIMEOUT_MS } from '../api.js';
import { readQueuedSendAnswer } from './answer.js';
import { openOnpointDb } from '../offline/db.js';
import { setThisDevice } from '../offline/this-device.js';

/**
 * This browser's push subscription on its way to the server: a new device, or a new subscription in
 * place of the one the server has (the browser rotated it). Kept in IndexedDB until the server has it,
 * and sent by whoever flushes the outbox (page or worker: on reconnect, Background Sync, app start), so
 * a rotation with no signal is not lost. One waits at a time: a newer one takes its place.
 */
export interface PendingRegistration {
  id: string;
  /** Whose device: only that person's session sends it. */
  email: string;
  subscription: PushSubscriptionJson;
  /** The device it takes the place of; null for a new device. */
  replaces: DeviceReplaces | null;
  /** The name a new device gets (also when the device it replaces is gone). */
  name: string;
  queuedAt: string;
}

const PENDING = 'pendingDeviceRegistration';

/** A browser subscription as the API takes it (the server checks it). */
export function subscriptionJson(subscription: PushSubscription): PushSubscriptionJson {
  const { expirationTime, keys } = subscription.toJSON();
  return {
    endpoint: subscription.endpoint,
    expirationTime: expirationTime ?? null,
    keys: { p256dh: keys?.p256dh ?? '', auth: keys?.auth ?? '' },
  };
}

export async function queueDeviceRegistration(next: Omit<PendingRegistration, 'id' | 'queuedAt'>): Promise<PendingRegistration> {
  const db = await openOnpointDb();
  const tx = db.transaction('kv', 'readwrite');
  const before = (await tx.store.get(PENDING)) as PendingRegistration | undefined;
  // Rotated again before the first went out: the server still knows the device by what it had then.
  const replaces = before?.email === next.email && before.replaces ? before.replaces : next.replaces;
  const entry: PendingRegistration = { ...next, replaces, id: crypto.randomUUID(), queuedAt: new Date().toISOString() };
  await Promise.all([tx.store.put(entry, PENDING), tx.done]);
  return entry;
}

export async function pendingDeviceRegistration(): Promise<PendingRegistration | null> {
  return ((await (await openOnpointDb()).get('kv', PENDING)) as PendingRegistration | undefined) ?? null;
}

/** What became of one attempt to register this browser's subscription. */
export type RegistrationOutcome =
  | { kind: 'registered'; device: Device }
  | { kind: 'unreachable' }
  | { kind: 'logged_out' }
  | { kind: 'try_later'; status: number }
  /** Refused for good (a push service not allowed, say): retrying cannot help. */
  | { kind: 'rejected'; status: number; message: string };

async function post(body: DeviceBody, fetchImpl: typeof fetch): Promise<RegistrationOutcome & { code?: string }> {
  let response: Response;
  try {
    response = await fetchImpl('/api/devices', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  const answer = await readQueuedSendAnswer(response, Device);
  return answer.kind === 'accepted' ? { kind: 'registered', device: answer.value } : answer;
}

/**
 * Registers a subscription in place of `replaces`; if the server no longer has that device (removed
 * when a push to it came back gone, say), as a new device with `name`.
 */
export async function registerDevice(
  { subscription, replaces, name }: Pick<PendingRegistration, 'subscription' | 'replaces' | 'name'>,
  fetchImpl: typeof fetch = fetch,
): Promise<RegistrationOutcome> {
  if (replaces) {
    const outcome = await post({ subscription, replaces }, fetchImpl);
    if (!(outcome.kind === 'rejected' && outcome.code === 'device_not_found')) return outcome;
  }
  return post({ name, subscription }, fetchImpl);
}

/**
 * Sends the waiting registration, if it is this person's. Registered (or refused for good) it is done;
 * otherwise it stays for the next flush. Runs inside the outbox's turn (see outbox.ts).
 */
export async function sendPendingRegistration(
  email: string,
  fetchImpl: typeof fetch = fetch,
): Promise<RegistrationOutcome | null> {
  const pending = await pendingDeviceRegistration();
  if (!pending || pending.email !== email) return null;
  const outcome = await registerDevice(pending, fetchImpl);
  if (outcome.kind === 'registered') await setThisDevice({ id: outcome.device.id, email, name: outcome.device.name });
  if (outcome.kind === 'registered' || outcome.kind === 'rejected') {
    if (outcome.kind === 'rejected') console.warn(`onpoint: this device's new subscription was refused: ${outcome.message}`);
    const db = await openOnpointDb();
    const tx = db.transaction('kv', 'readwrite');
    // A newer one queued meanwhile stays.
    if (((await tx.store.get(PENDING)) as PendingRegistration | undefined)?.id === pending.id) await tx.store.delete(PENDING);
    await tx.done;
  }
  return outcome;
}
