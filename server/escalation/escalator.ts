import { personName, type Config } from '../config/load.js';
import { systemEvent, type Timeline } from '../incidents/timeline.js';
import type { Pager } from '../paging/pager.js';
import { activeOverrides } from '../schedule/overrides.js';
import { pagingDecision } from '../schedule/working-hours.js';
import type { EscalationTimer, IncidentRecord, Store } from '../store/store.js';
import { onRequest, onTimeout, start, type ClimbMove } from './climb.js';
import { levelOf, targetsAt, type Level } from './policy.js';

interface EscalatorDeps {
  store: Store;
  timeline: Timeline;
  pager: Pager;
  config: Config;
  now: () => Date;
  log: { error: (obj: object, msg: string) => void };
}

const DUE_BATCH = 100;
/** The timer step of a quiet incident waiting for working hours, before its climb starts at step 0. */
const WAITING_FOR_WORKING_HOURS = -1;

/**
 * Runs each paging incident up its escalation policy. The next step's due time lives in the store, so
 * a restart (or a server that was down at the deadline) fires what is due at once; a step is paged
 * only by whoever moves its timer on first, so never twice.
 */
export function createEscalator({ store, timeline, pager, config, now, log }: EscalatorDeps) {
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

  async function page(
    incident: IncidentRecord,
    move: ClimbMove,
    reason: 'triggered' | 'timeout' | 'request' | 'working_hours',
    waitedMs?: number,
  ) {
    const level = levelOf(policy, move.pageStep);
    const at = now();
    const targets = targetsAt(level, await team(at), at);
    const rotations = Object.fromEntries(targets.flatMap((t) => (t.rotationId ? [[t.email, t.rotationId]] : [])));
    await timeline.append([
      systemEvent(incident.id, {
        type: 'escalated',
        step: move.pageStep,
        level: policy.levels.indexOf(level) + 1,
        reason,
        targets: targets.map((t) => t.email),
        label: describe(level),
        rotations,
        ...(waitedMs === undefined ? {} : { waitedMs }),
      }),
    ]);
    await Promise.all(targets.map((t) => pager.pageIncident(incident, t.email)));
  }

  const dueAt = (inMs: number) => new Date(now().getTime() + inMs).toISOString();

  /** Outside working hours a daytime incident is a silent notice now; its page waits for working hours. */
  async function openQuietly(incident: IncidentRecord, pageAt: Date) {
    const timer = { step: WAITING_FOR_WORKING_HOURS, dueAt: pageAt.toISOString() };
    if (!(await store.advanceEscalationTimer(incident.id, null, timer))) return;
    await timeline.append([
      systemEvent(incident.id, { type: 'not_paged', reason: 'outside working hours: low urgency', pagesAt: timer.dueAt }),
    ]);
    const at = now();
    const targets = targetsAt(levelOf(policy, 0), await team(at), at);
    await Promise.all(targets.map((t) => pager.pageIncident(incident, t.email, true)));
  }

  /** A new incident: level 1 now and the clock starts (or, for daytime alerts at night, later). */
  async function open(incident: IncidentRecord) {
    const decision = pagingDecision(incident.pagingClass, config.workingHours, now());
    if (decision.kind === 'timeline-only') return;
    if (decision.kind === 'quiet') return openQuietly(incident, decision.pageAt);
    const move = start(policy);
    if (await store.advanceEscalationTimer(incident.id, null, { step: move.pageStep, dueAt: dueAt(move.nextInMs!) })) {
      await page(incident, move, 'triggered');
    }
  }

  /** Working hours began on a quiet incident: if nobody has picked it up, the climb starts now. */
  async function wake(timer: EscalationTimer) {
    const { incidentId } = timer;
    const incident = await store.getIncident(incidentId);
    if (!incident || incident.state.status !== 'triggered') {
      await store.advanceEscalationTimer(incidentId, timer, null);
      return;
    }
    const move = start(policy);
    if (
      await store.advanceEscalationTimer(incidentId, timer, {
        step: move.pageStep,
        dueAt: dueAt(move.nextInMs!),
      })
    ) {
      await page(incident, move, 'working_hours');
    }
  }

  async function fire(timer: EscalationTimer) {
    if (timer.step === WAITING_FOR_WORKING_HOURS) return wake(timer);
    const { incidentId, step } = timer;
    const incident = await store.getIncident(incidentId);
    const move = incident ? onTimeout(policy, incident.state.status, step) : null;
    if (!move || move.nextInMs === null) {
      await store.advanceEscalationTimer(incidentId, timer, null);
      return;
    }
    if (await store.advanceEscalationTimer(incidentId, timer, { step: move.pageStep, dueAt: dueAt(move.nextInMs) })) {
      await page(incident!, move, 'timeout', levelOf(policy, step).delayMs);
    }
  }

  let loop: ReturnType<typeof setInterval> | null = null;
  let ticking = false;

  return {
    open,

    /** Someone pressed Escalate: the next level now. */
    async request(incidentId: string) {
      const incident = await store.getIncident(incidentId);
      if (!incident) return;
      const timer = await store.getEscalationTimer(incidentId);
      const from = timer?.step ?? incident.state.escalationStep;
      const move = onRequest(policy, incident.state.status, from);
      if (!move) return;
      if (timer) {
        const next = move.nextInMs === null ? null : { step: move.pageStep, dueAt: dueAt(move.nextInMs) };
        // Lost to the timer firing at this very moment: that page is the escalation.
        if (!(await store.advanceEscalationTimer(incidentId, timer, next))) return;
      }
      await page(incident, move, 'request');
    },

    /** Fires every timer that is due; one tick at a time. */
    async tick() {
      if (ticking) return;
      ticking = true;
      try {
        for (const timer of await store.claimDueEscalationTimers(now().toISOString(), DUE_BATCH)) {
          await fire(timer).catch((err) => log.error({ err, incident: timer.incidentId }, 'escalation failed'));
        }
      } catch (err) {
        // The database is away: the timers are still there, and the next tick tries again.
        log.error({ err }, 'cannot look for due escalations');
      } finally {
        ticking = false;
      }
    },

    startLoop(periodMs: number) {
      loop = setInterval(() => void this.tick(), periodMs);
      void this.tick();
    },

    stopLoop() {
      if (loop) clearInterval(loop);
      loop = null;
    },
  };
}
export type Escalator = ReturnType<typeof createEscalator>;
