import type { EventBody } from '../../shared/timeline.js';
import { personName, type Config } from '../config/load.js';
import { systemEvent, type Timeline } from '../incidents/timeline.js';
import { pageMessage, topicFor, type Pager } from '../paging/pager.js';
import type { PushHandOff } from '../paging/push-queue.js';
import { activeOverrides } from '../schedule/overrides.js';
import { pagingDecision } from '../schedule/working-hours.js';
import type {
  EscalationStore,
  EscalationTimer,
  IncidentRecord,
  IncidentStore,
  NewEvent,
  NewPush,
  PushQueueStore,
  ScheduleStore,
  TimerMove,
} from '../store/store.js';
import { coalescedRun } from '../background/coalesced-run.js';
import {
  NOT_STARTED,
  onConfirmMissed,
  onRequest,
  onTimeout,
  SNOOZED,
  start,
  WAITING_FOR_WORKING_HOURS,
  type ClimbMove,
} from './climb.js';
import { levelOf, nextStep, targetsAt, type Level, type PageTarget } from './policy.js';

interface EscalatorDeps {
  store: EscalationStore & IncidentStore & PushQueueStore & ScheduleStore;
  timeline: Timeline;
  pager: Pick<Pager, 'pushesFor'>;
  config: Config;
  now: () => Date;
  log: { error: (obj: object, msg: string) => void };
  /** Takes a step's pushes to send at once, as the step commits. */
  handOff: PushHandOff;
}

const DUE_BATCH = 100;

type Reason = Extract<EventBody, { type: 'escalated' }>['reason'];

/** One step of a climb: what it writes, and where its timer goes (null: the climb ends). */
export interface Step {
  next: TimerMove | null;
  events: NewEvent[];
  pushes: NewPush[];
}

/**
 * Runs each paging incident up its escalation policy, and is the only thing that pages. Every step lives
 * in the store: a timer written with the incident (or with the Escalate action) says a step is due, and
 * taking the step moves the timer, appends its events and queues its pushes in one transaction, so a
 * restart (or a server that was down at the deadline) fires what is due, and each step pages once.
 */
export function createEscalator({ store, timeline, pager, config, now, log, handOff }: EscalatorDeps) {
  const policy = config.escalation;
  const team = async (at: Date) => ({
    rotations: config.rotations,
    overrides: await activeOverrides(store, at),
    people: config.people.map((p) => p.email),
  });

  /** "Payments on-call secondary", "Carol", "everyone": a level in words, for the timeline. */
  function describe(level: Level): string {
    return level.targets
      .map((t) => {
        if (t.kind === 'everyone') return 'everyone';
        if (t.kind === 'person') return personName(config, t.email);
        const rotation = config.rotations.find((r) => r.id === t.rotationId);
        return `${rotation?.name ?? t.rotationId} ${t.role}`;
      })
      .join(', ');
  }

  /** Pushes for each target's devices, and a `not_paged` line for a target with none. */
  async function reach(incident: IncidentRecord, targets: PageTarget[], quiet: boolean, step: number | null) {
    const perTarget = await Promise.all(
      targets.map((t) => pager.pushesFor(t.email, pageMessage(incident, quiet), { topic: topicFor(incident.id), step })),
    );
    return { pushes: perTarget.flatMap((p) => p.pushes), events: perTarget.flatMap((p) => p.events) };
  }

  /** Takes a step whole, if the timer is still where this process saw it; then the pushes can go. */
  async function take(timer: EscalationTimer, { next, events, pushes }: Step) {
    const leased = handOff.lease(pushes);
    const results = await store.takeEscalationStep({ incidentId: timer.incidentId, from: timer, next, events, pushes: leased });
    if (!results) return;
    timeline.published(results);
    handOff.adopt(leased);
  }
  const end = (timer: EscalationTimer) => take(timer, { next: null, events: [], pushes: [] });

  /** Paging the level of `move.pageStep`, and the timer for what comes after it. */
  async function pageStep(
    incident: IncidentRecord,
    move: ClimbMove,
    reason: Reason,
    extra: { waitedMs?: number; unconfirmed?: string } = {},
  ): Promise<Step> {
    const level = levelOf(policy, move.pageStep);
    const at = now();
    const targets = targetsAt(level, await team(at), at);
    const rotations = Object.fromEntries(targets.flatMap((t) => (t.rotationId ? [[t.email, t.rotationId]] : [])));
    const escalated = systemEvent(
      incident.id,
      {
        type: 'escalated',
        step: move.pageStep,
        level: policy.levels.indexOf(level) + 1,
        reason,
        targets: targets.map((t) => t.email),
        label: describe(level),
        rotations,
        ...(extra.waitedMs === undefined ? {} : { waitedMs: extra.waitedMs }),
        ...(extra.unconfirmed === undefined ? {} : { unconfirmed: extra.unconfirmed }),
      },
      at,
    );
    const { pushes, events } = await reach(incident, targets, false, move.pageStep);
    // A level with no device to page cannot confirm: the next level at once. Otherwise it has confirmWithin.
    const confirmWithin = pushes.length === 0 ? 0 : policy.confirmWithinMs;
    // Watch for a delivery receipt only while the climb goes on, if it comes before the next level's wait
    // ends, and if there is a next level to go to (the last one is paged again at its own pace).
    const watch =
      move.nextInMs !== null &&
      confirmWithin !== null &&
      confirmWithin < move.nextInMs &&
      nextStep(policy, move.pageStep) !== move.pageStep;
    const next =
      move.nextInMs === null
        ? null
        : {
            step: move.pageStep,
            dueAt: new Date(at.getTime() + move.nextInMs).toISOString(),
            confirmAt: watch ? new Date(at.getTime() + confirmWithin).toISOString() : null,
          };
    return { next, events: [escalated, ...events], pushes };
  }

  const page = async (timer: EscalationTimer, ...args: Parameters<typeof pageStep>) => take(timer, await pageStep(...args));

  /**
   * The first step of a paging incident: level 1 now, or for daytime alerts at night a quiet notice now and
   * the page when working hours start; for one that never pages, nothing.
   */
  async function firstStep(incident: IncidentRecord): Promise<Step> {
    const decision = pagingDecision(incident.pagingClass, config.workingHours, now());
    if (decision.kind === 'timeline-only') return { next: null, events: [], pushes: [] };
    if (decision.kind === 'page') return pageStep(incident, start(policy), 'triggered');
    const at = now();
    const notice = systemEvent(
      incident.id,
      { type: 'not_paged', reason: 'outside working hours: low urgency', pagesAt: decision.pageAt.toISOString() },
      at,
    );
    const { pushes, events } = await reach(incident, targetsAt(levelOf(policy, 0), await team(at), at), true, null);
    return {
      next: { step: WAITING_FOR_WORKING_HOURS, dueAt: decision.pageAt.toISOString() },
      events: [notice, ...events],
      pushes,
    };
  }

  /** Nobody confirmed the level's page in time: the next level now, unless a device did confirm meanwhile. */
  async function checkConfirmed(timer: EscalationTimer, incident: IncidentRecord) {
    if (await store.stepConfirmed(incident.id, timer.step)) {
      return take(timer, { next: { step: timer.step, dueAt: timer.dueAt, confirmAt: null }, events: [], pushes: [] });
    }
    const move = onConfirmMissed(policy, incident.state.status, timer.step);
    if (!move) return end(timer);
    const at = now();
    const missed = targetsAt(levelOf(policy, timer.step), await team(at), at).map((t) => personName(config, t.email));
    await page(timer, incident, move, 'unconfirmed', {
      unconfirmed: missed.length > 0 ? missed.join(', ') : describe(levelOf(policy, timer.step)),
      // How long the level had: 0 when it had no device to page at all.
      waitedMs: Math.max(0, Date.parse(timer.confirmAt!) - Date.parse(timer.dueAt) + levelOf(policy, timer.step).delayMs),
    });
  }

  /** A snooze ran out: the point person is paged again if the incident is still theirs to answer, and the timer ends. */
  async function snoozeEnded(timer: EscalationTimer, incident: IncidentRecord) {
    const point = incident.state.point;
    if (incident.state.status !== 'acknowledged' || !point) return end(timer);
    const ended = systemEvent(incident.id, { type: 'snooze_ended', person: point }, now());
    const { pushes, events } = await reach(incident, [{ email: point, rotationId: null }], false, null);
    await take(timer, { next: null, events: [ended, ...events], pushes });
  }

  async function fire(timer: EscalationTimer) {
    const incident = await store.getIncident(timer.incidentId);
    if (!incident) return end(timer);
    const status = incident.state.status;
    if (timer.requested) {
      const move = onRequest(policy, status, timer.step);
      return move ? page(timer, incident, move, 'request') : end(timer);
    }
    if (timer.step === SNOOZED) return snoozeEnded(timer, incident);
    if (timer.step === NOT_STARTED) {
      return status === 'triggered' ? take(timer, await firstStep(incident)) : end(timer);
    }
    if (timer.step === WAITING_FOR_WORKING_HOURS) {
      // Working hours began: if nobody has picked it up, the climb starts now.
      return status === 'triggered' ? page(timer, incident, start(policy), 'working_hours') : end(timer);
    }
    if (Date.parse(timer.dueAt) > now().getTime()) return checkConfirmed(timer, incident);
    const move = onTimeout(policy, status, timer.step);
    if (!move) return end(timer);
    await page(timer, incident, move, 'timeout', { waitedMs: levelOf(policy, timer.step).delayMs });
  }

  let loop: ReturnType<typeof setInterval> | null = null;
  const tick = coalescedRun(async () => {
    try {
      for (const timer of await store.claimDueEscalationTimers(now().toISOString(), DUE_BATCH)) {
        await fire(timer).catch((err: unknown) => log.error({ err, incident: timer.incidentId }, 'escalation failed'));
      }
    } catch (err) {
      // The database is away: the timers are still there, and the next tick tries again.
      log.error({ err }, 'cannot look for due escalations');
    }
  });

  return {
    /**
     * The opening step of a new incident, to be committed with it (one transaction: incident, timer, its
     * `escalated` line and its pushes); the engine takes every later step from the timer.
     */
    firstStep,

    /** Fires every timer that is due. A call while a tick runs makes it look once more when done. */
    tick,

    startLoop(periodMs: number) {
      loop = setInterval(() => void tick(), periodMs);
      void tick();
    },

    stopLoop() {
      if (loop) clearInterval(loop);
      loop = null;
    },
  };
}
export type Escalator = ReturnType<typeof createEscalator>;
