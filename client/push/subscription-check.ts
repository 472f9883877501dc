import { PushKey, type Device } from '../../shared/api.js';
import { api } from '../api.js';
import { queueDeviceRegistration, subscriptionJson } from '../outbox/device-registration.js';
import { getThisDevice, setThisDevice, setVapidKey, type ThisDevice } from '../offline/this-device.js';
import { pushSupport } from './notifications.js';
import { keyBytes, sameKey } from './vapid-key.js';

/** SHA-256 of an endpoint, base64url: what the server shows for each device (Device.endpointHash). */
export async function endpointHash(endpoint: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Where an earlier version kept this device's id (this page only: the worker could not read it). */
const LEGACY_THIS_DEVICE = 'onpoint.thisDevice';

async function knownDevice(email: string, devices: Device[]): Promise<ThisDevice | null> {
  const stored = await getThisDevice();
  if (stored) return stored;
  const legacy = devices.find((d) => d.id === localStorage.getItem(LEGACY_THIS_DEVICE));
  if (!legacy) return null;
  const device = { id: legacy.id, email, name: legacy.name };
  await setThisDevice(device);
  return device;
}

export type SubscriptionCheck =
  /** Nothing to compare: no permission, no service worker, or no subscription and no device here. */
  | 'nothing'
  /** The server has this browser's subscription. */
  | 'current'
  /** The server has it under another device id than the one kept here: that one is this device now. */
  | 'adopted'
  /** The server has another (or no) subscription for this device: the browser's is queued to replace it. */
  | 'queued'
  /**
   * A subscription this browser does not know to be this person's device (another person's, who used this
   * browser before): left alone.
   */
  | 'not_ours';

/**
 * At app start: is the subscription the browser has the one the server pushes to? A push service may
 * rotate a subscription while the app is closed (and the worker's pushsubscriptionchange may not have
 * run, or not reached the server); then pages stop with no sign. If they differ, the browser's
 * subscription is registered in place of the old one (it goes out with the outbox). A device the server
 * still has but the browser lost its subscription for is subscribed again (permission is granted, so no
 * prompt); one made with an old VAPID key too.
 */
export async function checkPushSubscription(email: string, fetchDevices: () => Promise<Device[]>): Promise<SubscriptionCheck> {
  if (pushSupport() !== 'granted') return 'nothing';
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return 'nothing';
  const [{ publicKey }, devices] = await Promise.all([api('/api/push/key', PushKey), fetchDevices()]);
  await setVapidKey(publicKey);
  const serverKey = keyBytes(publicKey);
  const known = await knownDevice(email, devices);
  const mine = known?.email === email ? devices.find((d) => d.id === known.id) : undefined;

  let subscription = await registration.pushManager.getSubscription();
  let oldEndpoint: string | undefined;
  if (subscription && !sameKey(subscription.options.applicationServerKey, serverKey)) {
    oldEndpoint = subscription.endpoint;
    await subscription.unsubscribe();
    subscription = null;
  }
  if (!subscription && (mine || oldEndpoint)) {
    subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
  }
  if (!subscription) return 'nothing';

  const hash = await endpointHash(subscription.endpoint);
  if (mine?.endpointHash === hash) return 'current';
  const holder = devices.find((d) => d.endpointHash === hash);
  if (holder) {
    await setThisDevice({ id: holder.id, email, name: holder.name });
    return 'adopted';
  }
  if (known?.email !== email) return 'not_ours';
  // In place of the device kept here; if the server removed it meanwhile, as a new one with its name.
  await queueDeviceRegistration({
    email,
    subscription: subscriptionJson(subscription),
    replaces: { deviceId: known.id, endpoint: oldEndpoint },
    name: mine?.name ?? known.name,
  });
  return 'queued';
}
