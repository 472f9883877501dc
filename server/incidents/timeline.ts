import { randomUUID } from 'node:crypto';
import type { IncidentDetails } from '../../shared/api.js';
import type { Actor, EventBody } from '../../shared/timeline.js';
import type { LiveBus } from '../live/bus.js';
import type { AppendResult, IncidentRecord, NewEvent, Store } from '../store/store.js';

export const SYSTEM: Actor = { kind: 'system', name: 'onpoint' };

export function systemEvent(incidentId: string, body: EventBody, actor: Actor = SYSTEM, at = new Date()): NewEvent {
  return { id: randomUUID(), incidentId, actor, occurredAt: at.toISOString(), ...body } as NewEvent;
}

/** Every write to a timeline goes through here, so each committed event reaches the live streams once. */
export function createTimeline(store: Store, bus: LiveBus) {
  const publish = (results: AppendResult[]) => {
    for (const r of results) if (r.created) bus.publish(r.event);
    return results;
  };
  return {
    async append(events: NewEvent[]): Promise<AppendResult[]> {
      return publish(await store.appendEvents(events));
    },
    async open(incident: Omit<IncidentRecord, 'state'>, events: NewEvent[]) {
      const result = await store.openIncident(incident, events);
      for (const event of result.events) bus.publish(event);
      return result;
    },
    async update(id: string, details: IncidentDetails, events: NewEvent[]) {
      return publish(await store.updateIncident(id, details, events));
    },
  };
}
export type Timeline = ReturnType<typeof createTimeline>;
