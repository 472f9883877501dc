import type { OverrideRecord, ScheduleStore } from '../store/store.js';
import type { Override } from './on-call.js';

export function toOverride(record: OverrideRecord): Override {
  return {
    id: record.id,
    rotationId: record.rotationId,
    role: record.role,
    person: record.person,
    start: new Date(record.start),
    end: new Date(record.end),
    createdAt: new Date(record.createdAt),
  };
}

/** The overrides that can still change who is on call from `at` on. */
export async function activeOverrides(store: ScheduleStore, at: Date): Promise<Override[]> {
  return (await store.listOverrides(at.toISOString())).map(toOverride);
}
