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

/** The Permissions API's view of the same permission, which it answers without a round trip. */
class FakeStatus extends EventTarget {
  state: PermissionState = 'prompt';
  /** The person changes it in the site settings: both views change, and the status says so. */
  change(to: NotificationPermission) {
    FakeNotification.value = to;
    this.state = to === 'default' ? 'prompt' : to;
    this.dispatchEvent(new Event('change'));
  }
}

async function freshModule(permissions: { query: () => Promise<FakeStatus> } | undefined) {
  vi.stubGlobal('Notification', FakeNotification);
  vi.stubGlobal('navigator', permissions ? { permissions } : {});
  vi.resetModules();
  return import('./permission.js');
}

describe('the notification permission the banners show', () => {
  let status: FakeStatus;
  beforeEach(() => {
    FakeNotification.value = 'default';
    FakeNotification.reads = 0;
    status = new FakeStatus();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is never read from the browser once the Permissions API answers, and follows the site settings', async () => {
    const { notificationPermission } = await freshModule({ query: async () => status });
    await settle();
    for (let render = 0; render < 20; render++) expect(notificationPermission()).toBe('default');
    expect(FakeNotification.reads).toBe(0);

    // Blocked in the browser's site settings while onpoint is open.
    status.change('denied');
    expect(notificationPermission()).toBe('denied');
    expect(FakeNotification.reads).toBe(0);
  });

  it('is read from the browser until the Permissions API has answered', async () => {
    FakeNotification.value = 'granted';
    const { notificationPermission } = await freshModule({ query: () => new Promise<FakeStatus>(() => undefined) });
    expect(notificationPermission()).toBe('granted');
    expect(FakeNotification.reads).toBe(1);
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
