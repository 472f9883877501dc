import type { Config } from '../config/load.js';
import { systemEvent, type Timeline } from '../incidents/timeline.js';
import type { Pager } from '../paging/pager.js';
import { activeOverrides } from '../schedule/overrides.js';
import type { IncidentRecord, Store } from '../store/store.js';
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
  const nameOf = (email: string) => config.people.find((p) => p.email === email)?.name ?? email;

  /** "Payments on-call secondary", "Carol", "everyone": a level in words, for the timeline. */
  function describe(level: Level): string {
    return level.targets
      .map((t) => {
        if (t.kind === 'everyone') return 'everyone';
        if (t.kind === 'person') return nameOf(t.email);
        const rotation = config.rotations.find((r) => r.id === t.rotationId);
        return `${rotation?.name ?? t.rotationId} ${t.role}`;
      })
      .join(', ');
  }

  async function page(incident: IncidentRecord, move: ClimbMove, reason: 'triggered' | 'timeout' | 'request', waitedMs?: number) {
    const level = levelOf(policy, move.pageStep);
    const at = now();
    const targets = targetsAt(level, await team(at), at);
    await timeline.append([
      systemEvent(incident.id, {
        type: 'escalated',
        step: move.pageStep,
        level: policy.levels.indexOf(level) + 1,
        reason,
        targets,
        label: describe(level),
        ...(waitedMs === undefined ? {} : { waitedMs }),
      }),
    ]);
    await Promise.all(targets.map((email) => pager.pageIncident(incident, email)));
  }

  const dueAt = (inMs: number) => new Date(now().getTime() + inMs).toISOString();

  async function fire(incidentId: string, step: number) {
    const incident = await store.getIncident(incidentId);
    const move = incident ? onTimeout(policy, incident.state.status, step) : null;
    if (!move || move.nextInMs === null) {
      await store.advanceEscalationTimer(incidentId, step, null);
      return;
    }
    if (await store.advanceEscalationTimer(incidentId, step, { step: move.pageStep, dueAt: dueAt(move.nextInMs) })) {
      await page(incident!, move, 'timeout', levelOf(policy, step).delayMs);
    }
  }

  let loop: ReturnType<typeof setInterval> | null = null;
  let ticking = false;

  return {
    /** A new paging incident: level 1 now, and the clock starts. */
    async begin(incident: IncidentRecord) {
      const move = start(policy);
      if (await store.advanceEscalationTimer(incident.id, null, { step: move.pageStep, dueAt: dueAt(move.nextInMs!) })) {
        await page(incident, move, 'triggered');
      }
    },

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
        if (!(await store.advanceEscalationTimer(incidentId, timer.step, next))) return;
      }
      await page(incident, move, 'request');
    },

    /** Fires every timer that is due; one tick at a time. */
    async tick() {
      if (ticking) return;
      ticking = true;
      try {
        for (const timer of await store.dueEscalationTimers(now().toISOString(), DUE_BATCH)) {
          await fire(timer.incidentId, timer.step).catch((err) =>
            log.error({ err, incident: timer.incidentId }, 'escalation failed'),
          );
        }
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
