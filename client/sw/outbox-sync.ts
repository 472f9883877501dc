import { getCurrentUser } from '../offline/db.js';
import { flushOutbox, type FlushReport } from '../outbox/queue.js';

declare const self: ServiceWorkerGlobalScope;

/** Background Sync's event; TypeScript's worker library does not describe it yet. */
export interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  /** The browser's last retry for this tag. */
  readonly lastChance: boolean;
}

/** Sends the outbox from the worker, for whoever is logged in on this device. */
export async function flushFromWorker(): Promise<FlushReport> {
  return flushOutbox({ email: await getCurrentUser(), registration: () => Promise.resolve(self.registration) });
}

/**
 * Background Sync fired (the connection is back). Failing the event while actions still wait makes
 * the browser try again later with its own backoff.
 */
export async function syncOutbox(): Promise<void> {
  const report = await flushFromWorker();
  if (report.waiting > 0) throw new Error(`${report.waiting} queued actions could not be sent yet (${report.stoppedBy})`);
}
