import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';
import type { DoubleSubscription } from './push-service-double.js';

/**
 * The one browser stub: Chromium cannot create a push subscription without reaching a real push
 * service, so PushManager.subscribe returns a subscription on the local push-service double.
 */
export async function stubPushSubscription(context: BrowserContext, subscription: DoubleSubscription): Promise<void> {
  await context.addInitScript((sub) => {
    let current: PushSubscription | null = null;
    const decode = (s: string) =>
      Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '=='.slice(0, (4 - (s.length % 4)) % 4)), (c) =>
        c.charCodeAt(0),
      );
    PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
      const key = options?.applicationServerKey as Uint8Array;
      current = {
        endpoint: sub.endpoint,
        expirationTime: null,
        options: { applicationServerKey: key.buffer, userVisibleOnly: true },
        getKey: (name: string) => decode(name === 'auth' ? sub.keys.auth : sub.keys.p256dh).buffer,
        toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
        unsubscribe: async () => ((current = null), true),
      } as unknown as PushSubscription;
      return current;
    };
    PushManager.prototype.getSubscription = async () => current;
  }, subscription);
}

export interface PushDelivery {
  cdp: CDPSession;
  /**
   * Hands a decrypted push message to the page's service worker, as the push service would, and returns
   * once Chromium reports that the worker's push event finished; throws, saying where it stopped, if not.
   */
  deliver(data: string): Promise<void>;
  /** What the service worker logged, to explain a notification that did not show. */
  workerLog: string[];
  worker(): Promise<Worker>;
}

const PUSH_TIMEOUT_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The parts of a DevTools BackgroundService event these helpers read. */
interface BackgroundServiceEvent {
  origin: string;
  eventName: string;
  eventMetadata: { key: string; value: string }[];
}

/**
 * Chromium's own record of each push (DevTools BackgroundService domain): "Push event dispatched", with
 * the payload, when the worker got it; "Push event completed", with a status, once its waitUntil settled.
 * deliverPushMessage answers before either happens, and says nothing when the push goes nowhere.
 */
async function recordPushEvents(cdp: CDPSession, origin: string): Promise<BackgroundServiceEvent[]> {
  const events: BackgroundServiceEvent[] = [];
  cdp.on('BackgroundService.backgroundServiceEventReceived', ({ backgroundServiceEvent }) => {
    if (backgroundServiceEvent.origin.startsWith(origin)) events.push(backgroundServiceEvent);
  });
  await cdp.send('BackgroundService.startObserving', { service: 'pushMessaging' });
  await cdp.send('BackgroundService.setRecording', { service: 'pushMessaging', shouldRecord: true });
  return events;
}

interface PushOutcome {
  dispatched: boolean;
  /** "Success", "waitUntil Rejected" or "Timeout"; null while the event runs (and after a worker crash). */
  status: string | null;
}

const metadata = (event: BackgroundServiceEvent, key: string) => event.eventMetadata.find((m) => m.key === key)?.value;

/** What became of the push with this payload, from Chromium's events since it was handed over. */
function pushOutcome(events: BackgroundServiceEvent[], data: string): PushOutcome {
  const dispatched = events.findIndex((e) => e.eventName === 'Push event dispatched' && metadata(e, 'Payload') === data);
  if (dispatched < 0) return { dispatched: false, status: null };
  const completed = events.slice(dispatched + 1).find((e) => e.eventName === 'Push event completed');
  return { dispatched: true, status: (completed && metadata(completed, 'Status')) ?? null };
}

function pushFailure(outcome: PushOutcome, registrationId: string, workerLog: string[]): Error {
  const where = !outcome.dispatched
    ? `Chromium did not dispatch it to the worker of registration ${registrationId} within ${PUSH_TIMEOUT_MS} ms`
    : outcome.status === null
      ? `the worker got it, but its push event had not finished after ${PUSH_TIMEOUT_MS} ms (a waitUntil that never settles, or a crashed worker)`
      : `the worker's push event ended with "${outcome.status}"`;
  return new Error(`push not handled: ${where}; worker log: ${JSON.stringify(workerLog)}`);
}

/** Delivers pushes into the service worker through the DevTools protocol. */
export async function pushDelivery(context: BrowserContext, page: Page, origin: string): Promise<PushDelivery> {
  const cdp = await context.newCDPSession(page);
  const ours = new Set<string>();
  const activated = new Set<string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
    for (const r of registrations) {
      if (r.scopeURL.startsWith(origin) && !r.isDeleted) ours.add(r.registrationId);
      if (r.isDeleted) ours.delete(r.registrationId);
    }
  });
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) if (v.status === 'activated') activated.add(v.registrationId);
  });
  const workerLog: string[] = [];
  cdp.on('ServiceWorker.workerErrorReported', ({ errorMessage }) => workerLog.push(`error: ${errorMessage.errorMessage}`));
  await cdp.send('ServiceWorker.enable');
  const pushEvents = await recordPushEvents(cdp, origin);
  context.on('console', (message) => {
    if (message.worker()) workerLog.push(`${message.type()}: ${message.text()}`);
  });
  context.on('weberror', (error) => workerLog.push(`error: ${error.error().message}`));
  // Asked afresh each time: Chromium stops idle workers and starts a new one for the next event.
  const worker = async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // Push goes to the registration of this origin whose worker is active, as a push service's would.
  const target = () => [...ours].find((id) => activated.has(id)) ?? null;
  const deliver = async (data: string) => {
    await worker();
    for (let i = 0; !target() && i < 200; i++) await sleep(50);
    const registrationId = target();
    if (!registrationId) throw new Error(`no active service worker registration for ${origin}`);
    const since = pushEvents.length;
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data });
    const outcome = () => pushOutcome(pushEvents.slice(since), data);
    const deadline = Date.now() + PUSH_TIMEOUT_MS;
    while (outcome().status === null && Date.now() < deadline) await sleep(50);
    if (outcome().status !== 'Success') throw pushFailure(outcome(), registrationId, workerLog);
  };
  return { cdp, worker, workerLog, deliver };
}

/** The parts of a service worker's scope these helpers use (this file is typed for the page, not the worker). */
interface WorkerScope {
  registration: { getNotifications(filter?: { tag?: string }): Promise<Notification[]> };
  dispatchEvent(event: Event): boolean;
  NotificationEvent: new (type: string, init: { notification: Notification; action: string }) => Event;
}

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  actions: { action: string; title: string }[];
  requireInteraction: boolean;
}

/**
 * The notifications the service worker is showing now (asked of the worker running now). Ask when it is
 * not showing one (after deliver() or a tap returns): see waitForNotification for what a read in between does.
 */
export async function shownNotifications(delivery: PushDelivery): Promise<ShownNotification[]> {
  return (await delivery.worker()).evaluate(async () => {
    const sw = self as unknown as WorkerScope;
    return (await sw.registration.getNotifications()).map((n: Notification) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      actions: ((n as unknown as { actions: { action: string; title: string }[] }).actions ?? []).map((a) => ({
        action: a.action,
        title: a.title,
      })),
      requireInteraction: n.requireInteraction,
    }));
  });
}

/**
 * Taps a notification's action button. Browsers only make a NotificationEvent from a real tap, so the
 * test makes one and gives it the waitUntil a real dispatch has (a script-made event's throws): the tap
 * returns once the worker has done, and shown, what the tap does, so no read overlaps that showing.
 */
export async function tapNotificationAction(delivery: PushDelivery, tag: string, action: string): Promise<void> {
  await (
    await delivery.worker()
  ).evaluate(
    async ({ tag, action }) => {
      const sw = self as unknown as WorkerScope;
      const [notification] = await sw.registration.getNotifications({ tag });
      if (!notification) throw new Error(`no notification with tag ${tag}`);
      const event = new sw.NotificationEvent('notificationclick', { notification, action });
      const work: Promise<unknown>[] = [];
      Object.defineProperty(event, 'waitUntil', { value: (promise: Promise<unknown>) => void work.push(promise) });
      sw.dispatchEvent(event);
      await Promise.all(work);
    },
    { tag, action },
  );
}

/** Reads the notifications; only a read that fails (the worker is being restarted) is tried again. */
async function readNotifications(delivery: PushDelivery, timeoutMs: number): Promise<ShownNotification[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await shownNotifications(delivery);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(100);
    }
  }
}

async function workerState(delivery: PushDelivery): Promise<object> {
  return (await delivery.worker())
    .evaluate(() => {
      const sw = self as unknown as { registration: { active: { state: string } | null }; Notification: { permission: string } };
      return { active: sw.registration.active?.state ?? null, permission: sw.Notification.permission };
    })
    .catch((err: Error) => ({ error: err.message }));
}

/**
 * The notification the worker shows for a push that deliver() saw it handle. Read once, not polled for:
 * the push event is over, so a page missing now was never shown, or was shown outside waitUntil, where a
 * phone may stop the worker first. Either is a lost page, and fails with what the worker saw.
 *
 * This used to poll from the moment of delivery, and hand the push over again after 5 s. A poll that runs
 * while a notification is being shown makes Chromium drop that notification's stored record (it stays
 * on screen, but getNotifications, and its buttons, no longer find it): the worker had shown the page,
 * the harness had made it unfindable, and the second delivery hid that.
 */
export async function waitForNotification(delivery: PushDelivery, tag: string, timeoutMs = 15_000): Promise<ShownNotification> {
  const shown = await readNotifications(delivery, timeoutMs);
  const found = shown.find((n) => n.tag === tag);
  if (found) return found;
  throw new Error(
    `the worker handled the push but shows no notification with tag ${tag}; ` +
      `showing: ${JSON.stringify(shown.map((n) => n.tag))}; worker: ${JSON.stringify(await workerState(delivery))}; ` +
      `worker log: ${JSON.stringify(delivery.workerLog)}`,
  );
}
