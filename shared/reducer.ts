import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Actor, type TimelineEvent } from './timeline.js';

/**
 * Raise it with every change to what `applyEvent` makes of a timeline: a server finding another version
 * stored folds every incident's state again before it serves (server/incidents/rebuild-state.ts).
 */
export const REDUCER_VERSION = 3;

export const IncidentStatus = lazySchema(() => z.enum(['triggered', 'acknowledged', 'resolved']));
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const IncidentState = lazySchema(() =>
  z.object({
    status: IncidentStatus,
    /** What the incident is called now: its opening title, then each title its alert group took since. */
    title: z.string().nullable(),
    /** Email of the one person in charge; the first to acknowledge takes it. */
    point: z.string().nullable(),
    /** People helping the point person. */
    helpers: z.array(z.string()),
    acknowledgedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedBy: Actor.nullable(),
    actionable: z.boolean().nullable(),
    /** Seq of the last event folded in: what a client has seen. */
    lastSeq: z.number(),
    /** The escalation step paged last; -1 before the first page. */
    escalationStep: z.number(),
    /** Everyone the incident paged or quietly told, by email: whose incident it is besides the point person's. */
    paged: z.array(z.string()),
    /** A quiet incident's page waits until then (working hours); null once it paged, or when none waits. */
    pagesAt: z.string().nullable(),
  }),
);
export type IncidentState = z.infer<typeof IncidentState>;

export const initialState: IncidentState = {
  status: 'triggered',
  title: null,
  point: null,
  helpers: [],
  acknowledgedAt: null,
  resolvedAt: null,
  resolvedBy: null,
  actionable: null,
  lastSeq: 0,
  escalationStep: -1,
  paged: [],
  pagesAt: null,
};

const withPaged = (state: IncidentState, emails: readonly string[]): string[] => [...new Set([...state.paged, ...emails])];

function personOf(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.email : null;
}

/**
 * An event type the switch below does not name. Typed `never`, so a new event type does not compile
 * until it is decided there; at run time an app older than its server may still meet one, and keeps
 * the state as it is.
 */
function unknownEvent(_event: never, state: IncidentState): IncidentState {
  return state;
}

/**
 * Applies one timeline event. Pure, and total: an event that makes no sense in the current state
 * (an ack after resolve, a second ack) stays on the timeline but changes nothing here.
 */
export function applyEvent(state: IncidentState, event: TimelineEvent): IncidentState {
  const next = { ...state, lastSeq: Math.max(state.lastSeq, event.seq) };
  switch (event.type) {
    case 'triggered':
      return { ...next, status: 'triggered', title: event.title };
    case 'group_changed':
      return { ...next, title: event.title };
    case 'ack': {
      if (state.status === 'resolved') return next;
      const person = personOf(event.actor);
      return {
        ...next,
        status: 'acknowledged',
        acknowledgedAt: state.acknowledgedAt ?? event.occurredAt,
        point: state.point ?? person,
      };
    }
    case 'handoff': {
      if (state.status === 'resolved') return next;
      // Whoever had point usually stays on to help.
      const helpers = [...state.helpers, ...(state.point ? [state.point] : [])].filter((h) => h !== event.to);
      return { ...next, point: event.to, helpers: [...new Set(helpers)] };
    }
    case 'join': {
      const person = personOf(event.actor);
      if (state.status === 'resolved' || !person || person === state.point || state.helpers.includes(person)) return next;
      return { ...next, helpers: [...state.helpers, person] };
    }
    case 'resolve':
      if (state.status === 'resolved') return next;
      return { ...next, status: 'resolved', resolvedAt: event.occurredAt, resolvedBy: event.actor };
    case 'reopen':
      // Open again as if new: the first to acknowledge takes point, and the climb starts at the first level.
      if (state.status !== 'resolved') return next;
      return {
        ...next,
        status: 'triggered',
        point: null,
        helpers: [],
        acknowledgedAt: null,
        resolvedAt: null,
        resolvedBy: null,
        escalationStep: -1,
      };
    case 'actionable':
      return { ...next, actionable: event.value };
    case 'escalated':
      return { ...next, escalationStep: event.step, pagesAt: null, paged: withPaged(state, event.targets) };
    case 'paged':
      return { ...next, paged: withPaged(state, [event.person]) };
    case 'not_paged':
      return event.pagesAt ? { ...next, pagesAt: event.pagesAt } : next;
    // Facts for the timeline that do not change who does what.
    case 'reclassified':
    case 'alerts_changed':
    case 'push_failed':
    case 'delivered':
    case 'escalate':
    case 'note':
    case 'snooze':
    case 'snooze_ended':
      return next;
    default:
      return unknownEvent(event, next);
  }
}

export function foldIncident(events: readonly TimelineEvent[]): IncidentState {
  return events.reduce(applyEvent, initialState);
}

/**
 * Adds events to a timeline the way the server ordered them: by seq, each id once. Lets a client
 * merge live events, a resumed stream and a refetch in any order without doubling anything.
 */
export function mergeTimeline(timeline: readonly TimelineEvent[], incoming: readonly TimelineEvent[]): TimelineEvent[] {
  const byId = new Map(timeline.map((e) => [e.id, e]));
  for (const event of incoming) byId.set(event.id, event);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}
