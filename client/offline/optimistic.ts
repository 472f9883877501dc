import { eventFromAction } from '../../shared/action-event.js';
import { applyEvent, foldIncident, mergeTimeline, type IncidentState } from '../../shared/reducer.js';
import type { Actor, TimelineEvent } from '../../shared/timeline.js';
import type { OutboxEntry } from './db.js';

/**
 * What a screen shows while actions wait in the outbox: the server's timeline with the waiting
 * actions after it, folded by the same reducer the server uses. Once the server has an action, its
 * own event (same id) takes the queued one's place.
 */

/** Queued events sort after every recorded one, in the order they were taken. */
const QUEUED_SEQ_BASE = Number.MAX_SAFE_INTEGER - 1_000_000;

function queuedEvents(entries: readonly OutboxEntry[], actor: Actor): TimelineEvent[] {
  return entries
    .filter((e) => !e.rejected)
    .map(
      (entry, i) =>
        ({
          ...eventFromAction(entry.incidentId, actor, entry.action),
          seq: QUEUED_SEQ_BASE + i,
          recordedAt: entry.queuedAt,
        }) as TimelineEvent,
    );
}

export interface TimelineWithQueue {
  timeline: TimelineEvent[];
  state: IncidentState;
  /** Ids of events that have not reached the server yet. */
  queued: Set<string>;
}

export function withQueuedActions(
  timeline: readonly TimelineEvent[],
  entries: readonly OutboxEntry[],
  actor: Actor,
): TimelineWithQueue {
  const recorded = new Set(timeline.map((e) => e.id));
  const waiting = queuedEvents(
    entries.filter((e) => !recorded.has(e.id)),
    actor,
  );
  const merged = mergeTimeline(timeline, waiting);
  return { timeline: merged, state: foldIncident(merged), queued: new Set(waiting.map((e) => e.id)) };
}

/** An incident list row's state with this person's waiting actions applied. */
export function stateWithQueuedActions(state: IncidentState, entries: readonly OutboxEntry[], actor: Actor): IncidentState {
  return queuedEvents(entries, actor).reduce(applyEvent, state);
}
