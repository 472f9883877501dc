import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The browser's answer, and how often onpoint asked for it (each read is a round trip to the browser process). */
class FakeNotification {
  static value: NotificationPermission = 'default';
  static reads = 0;
  static get permission() {
    FakeNotification.reads++;
    return FakeNotification.value;
  }
  static async requestPermission() {
    FakeNotification.value = 'granted';
    return FakeNotification.value;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function freshModule(permissions: { query: () => Promise<EventTarget> } | undefined) {
  vi.stubGlobal('Notification', FakeNotification);
  vi.stubGlobal('navigator', permissions ? { permissions } : {});
  vi.resetModules();
  return import('./permission.js');
}

describe('the notification permission the banners show', () => {
  let status: EventTarget;
  beforeEach(() => {
    FakeNotification.value = 'default';
    FakeNotification.reads = 0;
    status = new EventTarget();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is read from the browser once while a change event keeps it current, and follows the site settings', async () => {
    const { notificationPermission } = await freshModule({ query: async () => status });
    expect(notificationPermission()).toBe('default');
    await settle();
    const reads = FakeNotification.reads;
    for (let render = 0; render < 20; render++) expect(notificationPermission()).toBe('default');
    expect(FakeNotification.reads).toBe(reads);

    // Blocked in the browser's site settings while onpoint is open.
    FakeNotification.value = 'denied';
    status.dispatchEvent(new Event('change'));
    expect(notificationPermission()).toBe('denied');
  });

  it("shows the person's answer to onpoint's own prompt at once", async () => {
    const { notificationPermission, requestNotificationPermission } = await freshModule({ query: async () => status });
    notificationPermission();
    await settle();
    expect(await requestNotificationPermission()).toBe('granted');
    expect(notificationPermission()).toBe('granted');
  });

  it('is read every time where the Permissions API cannot watch it, so it is never stale', async () => {
    const { notificationPermission } = await freshModule(undefined);
    expect(notificationPermission()).toBe('default');
    await settle();
    FakeNotification.value = 'denied';
    expect(notificationPermission()).toBe('denied');
  });

  it('is read every time when the browser will not say (the query fails)', async () => {
    const { notificationPermission } = await freshModule({ query: () => Promise.reject(new TypeError('not supported')) });
    notificationPermission();
    await settle();
    FakeNotification.value = 'granted';
    expect(notificationPermission()).toBe('granted');
  });
});
