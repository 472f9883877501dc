import type { z } from 'zod';
import type { DeclareBody } from '../../shared/api.js';
import type { PersonConfig } from '../config/schema.js';
import { HttpError } from '../http/errors.js';
import type { IncidentRecord } from '../store/store.js';
import { systemEvent, type Timeline } from './timeline.js';

/**
 * Opens an incident a person declares ("the checkout looks wrong and nothing paged"): it counts as one
 * the alerts missed. The declarer, or whoever they name, has point at once; a named person is told.
 * The client's id makes a retry open nothing new.
 */
export function createDeclare({
  timeline,
  people,
  tellPoint,
  now,
}: {
  timeline: Timeline;
  people: PersonConfig[];
  tellPoint: (incident: IncidentRecord, to: string, fromName: string) => Promise<void>;
  now: () => Date;
}) {
  return async function declare(person: PersonConfig, body: z.output<typeof DeclareBody>) {
    const point = people.find((p) => p.email === (body.point ?? person.email));
    if (!point) throw new HttpError(400, 'unknown_person', `${body.point} is not on this team`);
    const at = now();
    const id = body.id;
    const actor = { kind: 'person' as const, email: person.email, name: person.name };
    const events = [
      systemEvent(
        id,
        { type: 'triggered', source: 'declared', title: body.title, severity: body.severity, pagingClass: 'never' },
        at,
        actor,
      ),
      point.email === person.email
        ? systemEvent(id, { type: 'ack' }, at, actor)
        : systemEvent(id, { type: 'handoff', to: point.email }, at, actor),
    ];
    const result = await timeline.open(
      {
        id,
        dedupKey: `declared:${id}`,
        title: body.title,
        severity: body.severity,
        pagingClass: 'never',
        playbook: null,
        details: { source: 'manual', summary: body.summary, alerts: [], truncatedAlerts: 0 },
        createdAt: at.toISOString(),
      },
      events,
      null,
    );
    if (result.created && point.email !== person.email) await tellPoint(result.incident, point.email, person.name);
    return result;
  };
}
