import type { EventBody, TimelineEvent } from '../../shared/timeline.js';

/** A timeline event as the events table holds it. */
export interface EventRow {
  /** PostgreSQL returns a BIGSERIAL as a string. */
  seq: number | string;
  id: string;
  incident_id: string;
  actor: string;
  via: TimelineEvent['via'] | null;
  occurred_at: string;
  recorded_at: string;
  body: string;
}

export function toEvent(row: EventRow): TimelineEvent {
  return {
    ...(JSON.parse(row.body) as EventBody),
    seq: Number(row.seq),
    id: row.id,
    incidentId: row.incident_id,
    actor: JSON.parse(row.actor) as TimelineEvent['actor'],
    ...(row.via ? { via: row.via } : {}),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  };
}
