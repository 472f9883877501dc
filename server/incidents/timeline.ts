import { randomUUID } from 'node:crypto';
import type { IncidentDetails } from '../../shared/api.js';
import type { Actor, EventBody, TimelineEvent } from '../../shared/timeline.js';
import type { LiveBus } from '../live/bus.js';
import { createGroupCommit } from '../store/group-commit.js';
import type { AppendResult, ClassRaise, IncidentRecord, IncidentStore, NewEvent, NewPush, TimerMove } from '../store/store.js';

export const SYSTEM: Actor = { kind: 'system', name: 'onpoint' };

export function systemEvent(incidentId: string, body: EventBody, at: Date, actor: Actor = SYSTEM): NewEvent {
  return { id: randomUUID(), incidentId, actor, occurredAt: at.toISOString(), ...body };
}

/**
 * Every write to a timeline goes through here, so each committed event reaches the live streams once.
 * Appends that arrive in the same turn of the event loop (a page to several devices, a burst of
 * alerts) are committed together: one durable sync instead of one each.
 */
export function createTimeline(
  store: IncidentStore,
  bus: LiveBus,
  { onCommitted }: { onCommitted?: (event: TimelineEvent) => void } = {},
) {
  const committed = (event: TimelineEvent) => {
    bus.publish(event);
    onCommitted?.(event);
  };
  const publish = (results: AppendResult[]) => {
    for (const r of results) if (r.created) committed(r.event);
    return results;
  };

  /** Splits one group's results back into each append's own. */
  const append = createGroupCommit(async (batches: NewEvent[][]) => {
    const results = publish(await store.appendEvents(batches.flat()));
    let offset = 0;
    return batches.map((events) => results.slice(offset, (offset += events.length)));
  });

  return {
    append,
    async open(incident: Omit<IncidentRecord, 'state'>, events: NewEvent[], timer: TimerMove | null, pushes: NewPush[] = []) {
      const result = await store.openIncident(incident, events, timer, pushes);
      for (const event of result.events) committed(event);
      return result;
    },
    async update(id: string, details: IncidentDetails, events: NewEvent[], raise?: ClassRaise) {
      return publish(await store.updateIncident(id, details, events, raise));
    },
    /** Events another store call committed (an escalation step, settled pushes) reach the live streams. */
    published: publish,
  };
}
export type Timeline = ReturnType<typeof createTimeline>;
