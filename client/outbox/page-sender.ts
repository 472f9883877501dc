import type { QueryClient } from '@tanstack/react-query';
import { requestBackgroundSync } from './background-sync.js';
import { onOutboxChange } from './channel.js';
import type { OutboxEntry } from '../offline/db.js';
import type { RegistrationLookup } from './after-send.js';
import { flushOutbox, type FlushReport } from './queue.js';
import { applyTimelineEvents, keys, refreshAfterTimelineChange } from '../queries.js';
import { deviceKeys } from '../device-queries.js';
import type { ActionResult } from '../../shared/api.js';

/**
 * The page's side of the outbox: sends what waits there on start, when the browser says it is online
 * again, when the live stream reconnects, and after each tap; retries with backoff while the server
 * cannot be reached although the browser thinks it is online (a hotspot with no backhaul).
 */

const RETRY_MS = [5_000, 15_000, 30_000, 60_000];

let sender: { flush(): Promise<FlushReport | null> } | null = null;

/** Sends the outbox now (after a tap, say); does nothing before someone has logged in. */
export function flushOutboxNow(): Promise<FlushReport | null> {
  return sender?.flush() ?? Promise.resolve(null);
}

const registration: RegistrationLookup = async () => (await navigator.serviceWorker?.getRegistration()) ?? null;

export function startOutboxSender(client: QueryClient, email: string): () => void {
  let running: Promise<FlushReport> | null = null;
  let again = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;

  const onSent = (entry: OutboxEntry, result: ActionResult) => applyTimelineEvents(client, entry.incidentId, [result.event]);

  const afterFlush = async (report: FlushReport) => {
    if (report.sent.length) refreshAfterTimelineChange(client);
    if (report.device === 'registered') {
      void client.invalidateQueries({ queryKey: keys.devices });
      void client.invalidateQueries({ queryKey: deviceKeys.thisDevice });
    }
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    if (!report.waiting || report.stoppedBy === 'logged_out') {
      failures = 0;
      return;
    }
    // The worker sends them even if this tab is closed before the connection returns.
    const reg = await registration();
    if (reg) await requestBackgroundSync(reg);
    // Offline for the browser: the `online` event will say when; otherwise keep trying.
    if (navigator.onLine) retryTimer = setTimeout(kick, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
  };

  const flush = (): Promise<FlushReport> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let report: FlushReport;
      do {
        again = false;
        report = await flushOutbox({ email, registration, onSent });
      } while (again);
      await afterFlush(report);
      return report;
    })().finally(() => (running = null));
    return running;
  };

  const kick = () => void flush().catch((err: unknown) => console.error('onpoint: could not send the outbox', err));
  const onOnline = () => {
    failures = 0;
    kick();
  };
  const onVisible = () => document.visibilityState === 'visible' && kick();
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  // Actions sent elsewhere (the worker's Background Sync, another tab) take their queued copies off this
  // screen: the server's copies are fetched now, not left to a live stream that may still be reconnecting.
  const stopWatching = onOutboxChange(() => {
    if (navigator.onLine) void client.invalidateQueries({ queryKey: ['incident'] });
  });
  sender = { flush };
  kick();
  return () => {
    window.removeEventListener('online', onOnline);
    document.removeEventListener('visibilitychange', onVisible);
    stopWatching();
    if (retryTimer) clearTimeout(retryTimer);
    sender = null;
  };
}
