import { fitPushPayload, minimalPushPayload, type PushPayload } from '../../shared/push-payload.js';
import { systemEvent, type Timeline } from '../incidents/timeline.js';
import type { ReceiptTokens } from '../push/receipt-token.js';
import type { PushOutcome, PushSender } from '../push/sender.js';
import { coalescedRun } from '../background/coalesced-run.js';
import { createGroupCommit } from '../store/group-commit.js';
import type { NewEvent, NewPush, PushJob, PushQueueStore, PushSettlement } from '../store/store.js';
import { retryDelayMs } from './retry-delay.js';

/** What became of one push: the settled ones, plus `retry` and `too_large` (sent again). */
export type PushQueueOutcome = 'sent' | 'gone' | 'failed' | 'expired' | 'cancelled' | 'retry' | 'too_large';

export interface PushQueueLimits {
  /** Sends in flight to one push service (origin): a slow or dead one fills only its own slots. */
  perOrigin: number;
  /** Sends in flight in this process. */
  total: number;
  /** The first retry's delay; each next one doubles, up to `maxRetryMs`. */
  retryBaseMs: number;
  maxRetryMs: number;
  /** How long a claimed push is this process's; longer than a send can take. */
  leaseMs: number;
  /** How often the queue is looked at without being told (retries coming due, another process's rows). */
  pollMs: number;
  /** How long finished sends wait for others to be written down with. */
  settleWindowMs: number;
}

export const DEFAULT_LIMITS: PushQueueLimits = {
  perOrigin: 16,
  total: 64,
  retryBaseMs: 1000,
  maxRetryMs: 5 * 60_000,
  leaseMs: 20_000,
  pollMs: 500,
  settleWindowMs: 10,
};

interface PushQueueDeps {
  store: PushQueueStore;
  timeline: Timeline;
  send: PushSender;
  receipts: ReceiptTokens;
  now: () => Date;
  log: { error: (obj: object, msg: string) => void };
  onOutcome?: (outcome: PushQueueOutcome) => void;
  limits?: Partial<PushQueueLimits>;
}

interface Settled {
  settlement: PushSettlement;
  events: NewEvent[];
}

/**
 * Drains the outgoing push queue in the store: claims due rows, sends each once, and writes down what
 * happened. Retry state lives in the row, so a push service outage or a restart loses nothing; a page is
 * done when a push service takes it, its subscription is gone, its incident is taken, or it expires.
 * Delivery is at-least-once (a crash between a push service's 201 and the write sends it again); the
 * incident's Topic and the notification tag make the phone show it once.
 */
export function createPushQueue({ store, timeline, send, receipts, now, log, onOutcome, limits: given }: PushQueueDeps) {
  const limits = { ...DEFAULT_LIMITS, ...given };
  const inFlight = new Map<string, number>();
  /** Ids of the pushes being sent now. */
  const sending = new Set<string>();
  let total = 0;

  // Outcomes of sends that finish within a few milliseconds are written in one transaction: the push has
  // gone already, so the wait costs no page any time, and saves a durable sync per push.
  const settle = createGroupCommit(
    async (items: Settled[]) => {
      const results = timeline.published(
        await store.settlePushes(
          items.map((i) => i.settlement),
          items.flatMap((i) => i.events),
        ),
      );
      return items.map(() => results);
    },
    { windowMs: limits.settleWindowMs },
  );

  const device = (job: PushJob) => ({
    person: job.email,
    deviceId: job.deviceId,
    deviceName: job.device?.name ?? 'a removed device',
  });
  const failedLine = (job: PushJob, reason: string, deviceRemoved: boolean, at: Date): NewEvent[] =>
    job.incidentId ? [systemEvent(job.incidentId, { type: 'push_failed', ...device(job), reason, deviceRemoved }, at)] : [];

  function payloadOf(job: PushJob, at: Date): PushPayload {
    const payload: PushPayload = {
      ...job.message,
      receipt: receipts.issue({ incidentId: job.incidentId, deviceId: job.deviceId, pushId: job.id }),
      sentAt: at.toISOString(),
    };
    return job.minimal ? minimalPushPayload(payload) : fitPushPayload(payload);
  }

  /** Whether a push is still worth sending; if not, how it ends. */
  function settledBeforeSending(job: PushJob, at: Date): [PushQueueOutcome, Settled] | null {
    const base = { id: job.id, attempts: job.attempts, lastError: job.lastError };
    if ((job.kind === 'page' || job.kind === 'quiet') && job.incidentStatus === 'resolved') {
      // Resolved meanwhile: the timeline already says so. (An acknowledgement cancels the pages queued before it
      // in its own write; a level paged after it, by Escalate, goes out.)
      return ['cancelled', { settlement: { ...base, status: 'cancelled' }, events: [] }];
    }
    if (!job.device) {
      const events = failedLine(job, 'the device was removed before the push went out', true, at);
      return ['cancelled', { settlement: { ...base, status: 'cancelled' }, events }];
    }
    if (Date.parse(job.expiresAt) <= at.getTime()) {
      const tries = job.attempts === 1 ? '1 try' : `${job.attempts} tries`;
      const reason = `expired undelivered after ${tries}${job.lastError ? ` (last: ${job.lastError})` : ''}`;
      return ['expired', { settlement: { ...base, status: 'expired' }, events: failedLine(job, reason, false, at) }];
    }
    return null;
  }

  function settlementOf(job: PushJob, outcome: PushOutcome, at: Date): Settled {
    const attempts = job.attempts + 1;
    const base = { id: job.id, attempts, lastError: 'reason' in outcome ? outcome.reason : null };
    switch (outcome.kind) {
      case 'sent': {
        const notice = job.kind === 'quiet' || job.kind === 'point' ? { notice: job.kind } : {};
        const events = job.incidentId
          ? [systemEvent(job.incidentId, { type: 'paged', ...device(job), ...notice, pushId: job.id }, at)]
          : [];
        return { settlement: { ...base, status: 'sent', sentAt: at.toISOString() }, events };
      }
      case 'gone':
        return {
          settlement: { ...base, status: 'gone', removeDevice: job.deviceId },
          events: failedLine(job, outcome.reason, true, at),
        };
      case 'too_large':
        // Sent again at once with only the incident and a short title; refused again, it fails.
        if (!job.minimal)
          return { settlement: { ...base, status: 'pending', minimal: true, nextAttemptAt: at.toISOString() }, events: [] };
        return {
          settlement: { ...base, status: 'failed' },
          events: failedLine(job, `${outcome.reason}, even the minimal page`, false, at),
        };
      case 'retry': {
        const delay = retryDelayMs(attempts, outcome.retryAfterMs, limits);
        // No later than the expiry, so an expired page says so on time.
        const next = Math.min(at.getTime() + delay, Date.parse(job.expiresAt));
        return { settlement: { ...base, status: 'pending', nextAttemptAt: new Date(next).toISOString() }, events: [] };
      }
      case 'failed':
        return { settlement: { ...base, status: 'failed' }, events: failedLine(job, outcome.reason, false, at) };
    }
  }

  /** `answered`: the push service has answered (or was not asked): its slot is free for the next push. */
  async function deliver(job: PushJob, answered: () => void) {
    const at = now();
    const early = settledBeforeSending(job, at);
    if (early) {
      await settle(early[1]);
      onOutcome?.(early[0]);
      return;
    }
    const ttlSeconds = Math.max(1, Math.floor((Date.parse(job.expiresAt) - at.getTime()) / 1000));
    const outcome = await send(job.device!, JSON.stringify(payloadOf(job, at)), {
      topic: job.topic,
      urgency: job.urgency,
      ttlSeconds,
    });
    // The slot is for the request to the push service; writing down its outcome takes the group commit's wait.
    answered();
    const settled = settlementOf(job, outcome, now());
    await settle(settled);
    onOutcome?.(outcome.kind);
    // Too large: queued again to go at once as the minimal page.
    if (settled.settlement.status === 'pending' && settled.settlement.minimal) kick();
  }

  const hasRoom = (origin: string) => total < limits.total && (inFlight.get(origin) ?? 0) < limits.perOrigin;

  /**
   * Pushes leased to this process, waiting for a slot at their push service (by origin, oldest first). They
   * wait here, not back in the queue: handing them back and claiming them again is two writes each, and
   * under load those writes were the queue. A push whose lease runs low is let go: its row is still pending,
   * and once the lease runs out a claim (this process's or another's) takes it.
   */
  const waiting = new Map<string, Map<string, { job: PushJob; leasedUntil: number }>>();
  let waitingCount = 0;

  function wait(job: PushJob, leasedUntil: number) {
    let line = waiting.get(job.origin);
    if (!line) waiting.set(job.origin, (line = new Map<string, { job: PushJob; leasedUntil: number }>()));
    if (!line.has(job.id)) waitingCount++;
    line.set(job.id, { job, leasedUntil });
  }

  /** Starts waiting pushes while their push services have room. */
  function pump() {
    if (stopped) return;
    // A send can take a while; a push starts only while its lease outlasts one.
    const usable = now().getTime() + limits.leaseMs / 2;
    for (const [origin, line] of waiting) {
      for (const [id, { job, leasedUntil }] of line) {
        if (!hasRoom(origin)) break;
        line.delete(id);
        waitingCount--;
        if (leasedUntil >= usable) start(job, true);
      }
      if (line.size === 0) waiting.delete(origin);
    }
  }

  /** `waited`: it waited for a slot, and an acknowledgement (here or in another process) may have cancelled it. */
  function start(job: PushJob, waited: boolean) {
    inFlight.set(job.origin, (inFlight.get(job.origin) ?? 0) + 1);
    sending.add(job.id);
    total++;
    let slotFree = false;
    const freeSlot = () => {
      if (slotFree) return;
      slotFree = true;
      const left = inFlight.get(job.origin)! - 1;
      if (left === 0) inFlight.delete(job.origin);
      else inFlight.set(job.origin, left);
      total--;
      pump();
      // The last look left due pushes in the queue for want of room: look again now that there is some.
      // Otherwise the poll finds what comes due, and the queue is not scanned once per finished send.
      if (waitingCount === 0 && leftBehind) kick();
    };
    const send = async () => {
      if (!waited || (await store.isPushPending(job.id))) await deliver(job, freeSlot);
    };
    void send()
      // The row keeps its lease: another try comes when it runs out. Nothing is lost, only later.
      .catch((err: unknown) => log.error({ err, push: job.id }, 'push not settled'))
      .finally(() => {
        // Ours until its outcome is written: a claim after a clock jump must not send it again meanwhile.
        sending.delete(job.id);
        freeSlot();
      });
  }

  /** The last look at the queue stopped with this process full, or passed over full push services' rows. */
  let leftBehind = false;
  const drain = coalescedRun(async () => {
    try {
      pump();
      for (;;) {
        leftBehind = total >= limits.total;
        if (leftBehind) break;
        const full = [...inFlight].filter(([, n]) => n >= limits.perOrigin).map(([origin]) => origin);
        const at = now();
        const leasedUntil = at.getTime() + limits.leaseMs;
        const jobs = await store.claimDuePushes(
          at.toISOString(),
          new Date(leasedUntil).toISOString(),
          limits.total - total,
          full,
        );
        if (jobs.length === 0) {
          leftBehind = full.length > 0;
          break;
        }
        // A lease runs on the clock, which can jump (a VM resumed, a test): one of ours being sent is not sent twice.
        for (const job of jobs) {
          if (sending.has(job.id)) continue;
          if (hasRoom(job.origin)) start(job, false);
          else wait(job, leasedUntil);
        }
      }
    } catch (err) {
      // The database is away: the rows are still there, and the next look tries again.
      log.error({ err }, 'cannot look at the push queue');
    }
  });

  /** Queued pushes this process sends as soon as their write commits, without claiming them: they were written leased. */
  function adopt(pushes: NewPush[]) {
    for (const push of pushes) {
      // Not leased (no device came with it): the drain claims it.
      if (!push.lease || !push.to) {
        kick();
        continue;
      }
      const job = { ...push, attempts: 0, minimal: false, lastError: null, device: push.to, incidentStatus: null };
      if (hasRoom(push.origin) && !stopped) start(job, false);
      else wait(job, Date.parse(push.lease.until));
    }
  }

  let scheduled = false;
  let stopped = false;
  /** Something was queued or a slot freed: look soon, once for many kicks. */
  function kick() {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void drain();
    });
  }

  let loop: ReturnType<typeof setInterval> | null = null;
  return {
    kick,
    drain,
    /** Marks pushes about to be queued as this process's, to send at once when their write commits (adopt). */
    lease(pushes: NewPush[]): NewPush[] {
      const until = new Date(now().getTime() + limits.leaseMs).toISOString();
      return pushes.map((p) => (p.to ? { ...p, lease: { until, endpoint: p.to.endpoint } } : p));
    },
    adopt,
    startLoop() {
      loop = setInterval(kick, limits.pollMs);
      kick();
    },
    /** Stops taking pushes and lets the sends in flight finish and be written down (at most `waitMs`). */
    async stop(waitMs = 3_000) {
      if (loop) clearInterval(loop);
      loop = null;
      stopped = true;
      // Real time elapsed, not the time of day: sends in flight take real time whatever the clock says.
      const deadline = performance.now() + waitMs;
      while (sending.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
export type PushQueue = ReturnType<typeof createPushQueue>;
/** What a writer of pushes needs of the queue: pushes it queues go out at once, with no claim. */
export type PushHandOff = Pick<PushQueue, 'lease' | 'adopt'>;
