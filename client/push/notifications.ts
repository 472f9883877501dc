import { PushKey, type Device } from '../../shared/api.js';
import { api } from '../api.js';
import { registerDevice, subscriptionJson } from '../outbox/device-registration.js';
import { notificationPermission, requestNotificationPermission } from './permission.js';
import { getThisDevice, setThisDevice, setVapidKey } from '../offline/this-device.js';
import { keyBytes, sameKey } from './vapid-key.js';

export { guessDeviceName } from './device-name.js';

export type PushSupport = 'unsupported' | 'denied' | 'default' | 'granted';

export function pushSupport(): PushSupport {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
  return notificationPermission();
}

/** The browser's push service can refuse even with permission given (Chromium builds without one, a blocked network). */
async function subscribe(manager: PushManager, key: Uint8Array<ArrayBuffer>): Promise<PushSubscription> {
  try {
    return await manager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  } catch (err) {
    console.warn('onpoint: the push service refused a subscription', err);
    throw new Error(
      "This browser's push service would not sign this device up for pages. Try again later, or use Chrome, Firefox or Safari.",
    );
  }
}

/**
 * Asks permission, subscribes with the server's VAPID key and registers this device: in place of the
 * one this browser already is, if the person has it (it keeps its id), else as a new one. A subscription
 * made with another key (the server's keys changed) is replaced, or pushes would never arrive.
 */
export async function enableNotifications(name: string, email: string): Promise<Device> {
  if (pushSupport() === 'unsupported') throw new Error('This browser cannot receive push notifications');
  const permission = await requestNotificationPermission();
  if (permission !== 'granted') {
    throw new Error('Notifications are blocked for onpoint: allow them in the browser settings, then try again');
  }
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await api('/api/push/key', PushKey);
  await setVapidKey(publicKey);
  const serverKey = keyBytes(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, serverKey)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await subscribe(registration.pushManager, serverKey);
  const known = await getThisDevice();
  const outcome = await registerDevice({
    subscription: subscriptionJson(subscription),
    replaces: known?.email === email ? { deviceId: known.id } : null,
    name,
  });
  if (outcome.kind === 'unreachable') throw new Error('Cannot reach onpoint: check the connection');
  if (outcome.kind === 'logged_out') throw new Error('You are logged out: log in again');
  if (outcome.kind === 'rejected') throw new Error(outcome.message);
  if (outcome.kind === 'try_later') throw new Error(`onpoint could not register this device now (${outcome.status}): try again`);
  await setThisDevice({ id: outcome.device.id, email, name: outcome.device.name });
  return outcome.device;
}
