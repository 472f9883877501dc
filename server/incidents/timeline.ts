import { randomUUID } from 'node:crypto';
import type { IncidentDetails } from '../../shared/api.js';
import type { Actor, EventBody, TimelineEvent } from '../../shared/timeline.js';
import type { LiveBus } from '../live/bus.js';
import type { AppendResult, IncidentRecord, NewEvent, Store } from '../store/store.js';

export const SYSTEM: Actor = { kind: 'system', name: 'onpoint' };

export function systemEvent(incidentId: string, body: EventBody, actor: Actor = SYSTEM, at = new Date()): NewEvent {
  return { id: randomUUID(), incidentId, actor, occurredAt: at.toISOString(), ...body } as NewEvent;
}

interface PendingAppend {
  events: NewEvent[];
  resolve: (results: AppendResult[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Every write to a timeline goes through here, so each committed event reaches the live streams once.
 * Appends that arrive in the same turn of the event loop (a page to several devices, a burst of
 * alerts) are committed together: one durable sync instead of one each.
 */
export function createTimeline(
  store: Store,
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

  let pending: PendingAppend[] = [];

  async function commitOneByOne(batch: PendingAppend[]) {
    for (const item of batch) {
      try {
        item.resolve(publish(await store.appendEvents(item.events)));
      } catch (err) {
        item.reject(err);
      }
    }
  }

  async function flush() {
    const batch = pending;
    pending = [];
    let results: AppendResult[];
    try {
      results = await store.appendEvents(batch.flatMap((item) => item.events));
    } catch {
      // One bad append must not fail the others: retry each on its own, so only it fails.
      return commitOneByOne(batch);
    }
    publish(results);
    let offset = 0;
    for (const item of batch) {
      item.resolve(results.slice(offset, offset + item.events.length));
      offset += item.events.length;
    }
  }

  return {
    append(events: NewEvent[]): Promise<AppendResult[]> {
      return new Promise((resolve, reject) => {
        pending.push({ events, resolve, reject });
        if (pending.length === 1) setImmediate(() => void flush());
      });
    },
    async open(incident: Omit<IncidentRecord, 'state'>, events: NewEvent[]) {
      const result = await store.openIncident(incident, events);
      for (const event of result.events) committed(event);
      return result;
    },
    async update(id: string, details: IncidentDetails, events: NewEvent[]) {
      return publish(await store.updateIncident(id, details, events));
    },
  };
}
export type Timeline = ReturnType<typeof createTimeline>;
