import type { BrowserContext, Page, Worker } from '@playwright/test';
import type { DoubleSubscription } from './push-service-double.js';

/**
 * A browser whose push subscriptions can change, as a push service changes them. Like the stub in
 * browser.ts, PushManager hands out subscriptions on the push-service double (Chromium cannot reach a
 * real push service); here they come from a list, one after another, and which one the browser holds
 * is kept in IndexedDB, so the page, the service worker and a reload all see the same.
 *
 * Serialised into the page and the worker: it may use nothing from outside itself.
 */
function installPushStub(subscriptions: DoubleSubscription[]) {
  interface State {
    /** Index of the subscription the browser hands out next. */
    next: number;
    /** Index of the one it holds now. */
    current: number | null;
    key: number[] | null;
  }
  const withStore = <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      const open = indexedDB.open('test-push-stub', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('state');
      open.onerror = () => reject(open.error ?? new Error('cannot open IndexedDB'));
      open.onsuccess = () => {
        const db = open.result;
        const request = work(db.transaction('state', mode).objectStore('state'));
        request.onsuccess = () => {
          db.close();
          resolve(request.result);
        };
        request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
      };
    });
  const read = async (): Promise<State> =>
    ((await withStore('readonly', (s) => s.get('state'))) as State | undefined) ?? { next: 0, current: null, key: null };
  const write = (state: State) => withStore('readwrite', (s) => s.put(state, 'state'));
  const decode = (s: string) =>
    Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '=='.slice(0, (4 - (s.length % 4)) % 4)), (c) =>
      c.charCodeAt(0),
    );
  const bytes = (key: BufferSource) =>
    Array.from(ArrayBuffer.isView(key) ? new Uint8Array(key.buffer, key.byteOffset, key.byteLength) : new Uint8Array(key));

  const subscriptionAt = (index: number, key: number[]): PushSubscription => {
    const sub = subscriptions[index];
    if (!sub) throw new Error(`the test gave the browser ${subscriptions.length} push subscriptions; it needed another`);
    return {
      endpoint: sub.endpoint,
      expirationTime: null,
      options: { applicationServerKey: new Uint8Array(key).buffer, userVisibleOnly: true },
      getKey: (name: string) => decode(name === 'auth' ? sub.keys.auth : sub.keys.p256dh).buffer,
      toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
      unsubscribe: async () => {
        const state = await read();
        if (state.current === index) await write({ ...state, current: null });
        return true;
      },
    };
  };

  PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
    const state = await read();
    // A browser that has a subscription hands that one back.
    if (state.current !== null) return subscriptionAt(state.current, state.key!);
    const key = bytes(options!.applicationServerKey as BufferSource);
    await write({ next: state.next + 1, current: state.next, key });
    return subscriptionAt(state.next, key);
  };
  PushManager.prototype.getSubscription = async function () {
    const state = await read();
    return state.current === null ? null : subscriptionAt(state.current, state.key!);
  };
  // What a push service does to a subscription: replaces it (the browser holds the next one), or drops it.
  (globalThis as unknown as { testPushStub: unknown }).testPushStub = {
    async rotate() {
      const state = await read();
      await write({ ...state, current: state.next, next: state.next + 1 });
    },
    async drop() {
      const state = await read();
      await write({ ...state, current: null });
      return state.current === null ? null : subscriptionAt(state.current, state.key!);
    },
  };
}

interface StubScope {
  testPushStub: { rotate(): Promise<void>; drop(): Promise<PushSubscription | null> };
}

/** Every page of this context hands out `subscriptions` in turn. */
export async function stubRotatingPush(context: BrowserContext, subscriptions: DoubleSubscription[]): Promise<void> {
  await context.addInitScript(installPushStub, subscriptions);
}

/** The push service replaced the subscription while the app was closed: the browser now holds the next one. */
export async function rotateWhileClosed(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as StubScope).testPushStub.rotate());
}

/**
 * The push service drops the subscription and the browser tells the service worker with a
 * `pushsubscriptionchange` (old subscription given, no new one, as Chromium and Firefox do). Browsers
 * only fire it themselves, so the test makes one, in the worker, whose PushManager gets the stub first
 * (init scripts do not run in workers); like a NotificationEvent made by a script, its waitUntil throws.
 */
export async function fireSubscriptionChange(worker: Worker, subscriptions: DoubleSubscription[]): Promise<void> {
  const dispatch = async () => {
    const scope = globalThis as unknown as StubScope & { ExtendableEvent: typeof Event; dispatchEvent(event: Event): boolean };
    const old = await scope.testPushStub.drop();
    const event = new scope.ExtendableEvent('pushsubscriptionchange');
    Object.defineProperties(event, { oldSubscription: { value: old }, newSubscription: { value: null } });
    scope.dispatchEvent(event);
  };
  await worker.evaluate(`(${installPushStub.toString()})(${JSON.stringify(subscriptions)}); (${dispatch.toString()})()`);
}

/** The device registration waiting on this device, read the plain way (no app code involved). */
export function pendingRegistration(page: Page): Promise<{ subscription: { endpoint: string } } | null> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('onpoint');
        open.onerror = () => reject(open.error ?? new Error('cannot open IndexedDB'));
        open.onsuccess = () => {
          const request = open.result.transaction('kv').objectStore('kv').get('pendingDeviceRegistration');
          request.onsuccess = () => {
            resolve(request.result ?? null);
            open.result.close();
          };
          request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
        };
      }),
  );
}
