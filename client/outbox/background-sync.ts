/** Background Sync: the browser wakes the service worker when the connection returns, app open or not. */

export const OUTBOX_SYNC_TAG = 'onpoint-outbox';

/** The parts of the Background Sync API used here; TypeScript's DOM library does not describe it yet. */
interface SyncManager {
  register(tag: string): Promise<void>;
}

/**
 * Asks the browser to fire `sync` when it is back online. False where it cannot (no Background Sync,
 * or the permission is withheld): then the page sends the outbox on `online` and on start.
 */
export async function requestBackgroundSync(registration: ServiceWorkerRegistration): Promise<boolean> {
  const sync = (registration as ServiceWorkerRegistration & { sync?: SyncManager }).sync;
  if (!sync) return false;
  try {
    await sync.register(OUTBOX_SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}
