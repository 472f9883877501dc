import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { TimelineEvent } from '../../shared/timeline.js';
import { EVENTS_CHANNEL } from '../store/sql-client.js';
import type { IncidentStore } from '../store/store.js';
import type { LiveBus } from './bus.js';

const BATCH = 500;
const RECONNECT_MS = [250, 1000, 2000, 5000];
/** How often to look again while an earlier seq is still committing. */
const GAP_RECHECK_MS = 20;
/** A missing seq this old belonged to a transaction that rolled back (or took far longer than any append). */
const GAP_GIVE_UP_MS = 5_000;

/**
 * The live bus when several processes share one PostgreSQL: an append anywhere commits a NOTIFY, every
 * process LISTENs and reads the timeline on from the last seq it passed on. Events reach the live
 * streams in seq order, once, whichever process wrote them; after the listening connection is lost, the
 * first read on reconnecting fills the gap.
 *
 * Appends to different incidents commit in parallel, so seq 12 can be visible before seq 11 commits.
 * Events are passed on only without holes: at a hole the bus waits for it to fill, and passes over it
 * only when it is old enough to be a rolled-back transaction's.
 */
export async function createPgLiveBus({
  url,
  store,
  log,
}: {
  url: string;
  store: IncidentStore;
  log: { warn: (obj: object, msg: string) => void };
}): Promise<LiveBus & { close(): Promise<void> }> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let lastSeq = await store.latestSeq();
  let reading = false;
  let again = false;
  let closed = false;

  let holeSince: number | null = null;
  let recheck: ReturnType<typeof setTimeout> | null = null;

  /** Passes on events in seq order; false if it stopped at a hole that may still fill. */
  function passOn(batch: TimelineEvent[]): boolean {
    for (const event of batch) {
      if (event.seq !== lastSeq + 1) {
        // Real time elapsed, not the time of day: how long a transaction may still take to commit.
        holeSince ??= performance.now();
        if (performance.now() - holeSince < GAP_GIVE_UP_MS) return false;
        log.warn({ from: lastSeq + 1, to: event.seq - 1 }, 'live events: passing over seqs that never committed');
      }
      holeSince = null;
      lastSeq = event.seq;
      emitter.emit('event', event);
    }
    return true;
  }

  async function readOn() {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        let batch: TimelineEvent[];
        do {
          batch = await store.eventsAfter(lastSeq, BATCH);
          if (!passOn(batch)) {
            recheck ??= setTimeout(() => {
              recheck = null;
              void readOn();
            }, GAP_RECHECK_MS);
            break;
          }
        } while (batch.length === BATCH);
      } while (again);
    } catch (err) {
      // The database is away; the next notification or reconnect reads on from the same place.
      log.warn({ err }, 'live events: cannot read the timeline');
    } finally {
      reading = false;
    }
  }

  let current: pg.Client | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  const retry = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(
      () => {
        retryTimer = null;
        void listen();
      },
      RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)],
    );
    retryTimer.unref();
  };

  async function listen(): Promise<void> {
    if (closed) return;
    const client = new pg.Client({ connectionString: url });
    current = client;
    const lost = () => {
      if (current !== client) return;
      current = null;
      void client.end().catch(() => undefined);
      retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => void readOn());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      attempt = 0;
      // Whatever was committed while not listening.
      void readOn();
    } catch (err) {
      log.warn({ err }, 'live events: cannot listen, retrying');
      lost();
    }
  }
  await listen();

  return {
    // This process committed it: read on now rather than wait for our own notification.
    publish: () => void readOn(),
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    subscriberCount: () => emitter.listenerCount('event'),
    highWater: () => lastSeq,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (recheck) clearTimeout(recheck);
      const client = current;
      current = null;
      await client?.end().catch(() => undefined);
    },
  };
}
