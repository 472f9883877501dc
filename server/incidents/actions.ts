import { eventFromAction } from '../../shared/action-event.js';
import { countedTime } from '../../shared/device-time.js';
import type { ParsedAction } from '../../shared/actions.js';
import type { ActionResult } from '../../shared/api.js';
import {
  canReopen,
  handoffRefusal,
  reviewerOf,
  reviewRefusal,
  SNOOZE_MAX_MS,
  SNOOZE_MIN_MS,
  snoozeRefusal,
} from '../../shared/permissions.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import type { PersonConfig } from '../config/schema.js';
import { HttpError } from '../http/errors.js';
import type { IncidentStore } from '../store/store.js';
import type { Timeline } from './timeline.js';

interface ActionDeps {
  store: IncidentStore;
  timeline: Timeline;
  people: PersonConfig[];
  /** Told of each newly recorded action, after it is committed. */
  onRecorded: (event: TimelineEvent) => void;
  now: () => Date;
}

/**
 * Records a person's action on an incident. The client's UUID makes it idempotent: the same id
 * again returns the first result and changes nothing, so queued actions can be retried freely.
 * The device's clock is trusted only within reason (shared/device-time.ts): never refused for it.
 */
export function createActions({ store, timeline, people, onRecorded, now }: ActionDeps) {
  return async function recordAction(incidentId: string, person: PersonConfig, action: ParsedAction): Promise<ActionResult> {
    const incident = await store.getIncident(incidentId);
    if (!incident) throw new HttpError(404, 'not_found', `No incident ${incidentId}`);

    const replay = await store.getEvent(action.id);
    if (replay) {
      if (replay.incidentId !== incidentId) {
        throw new HttpError(409, 'id_conflict', `Action id ${action.id} was already used on another incident`);
      }
      return { event: replay, state: incident.state, created: false };
    }

    if (action.type === 'handoff') {
      const to = people.find((p) => p.email === action.to);
      if (!to) throw new HttpError(400, 'unknown_person', `${action.to} is not on this team`);
      const refusal = handoffRefusal(incident.state, person, to.email);
      if (refusal === 'already_point') throw new HttpError(400, refusal, `${to.name} already has point`);
      if (refusal === 'nobody_on_point') {
        throw new HttpError(403, refusal, 'Nobody has point yet: acknowledge to take it, or ask a lead');
      }
      if (refusal === 'not_point') {
        const point = people.find((p) => p.email === incident.state.point);
        throw new HttpError(
          403,
          refusal,
          `Only ${point?.name ?? incident.state.point}, who has point, or a lead can hand point off`,
        );
      }
    }

    if (action.type === 'actionable') {
      const refusal = reviewRefusal(incident.state, person, people);
      if (refusal === 'not_resolved') {
        throw new HttpError(409, refusal, 'Say whether the page was actionable once the incident is resolved');
      }
      if (refusal === 'not_reviewer') {
        const reviewer = reviewerOf(incident.state);
        const name = people.find((p) => p.email === reviewer)?.name ?? reviewer;
        throw new HttpError(403, refusal, `Only ${name}, who had point, or a lead can say whether the page was actionable`);
      }
    }

    if (action.type === 'snooze') {
      const refusal = snoozeRefusal(incident.state, person);
      if (refusal === 'not_acknowledged') {
        throw new HttpError(409, refusal, 'Only an acknowledged incident can be snoozed: acknowledge it first');
      }
      if (refusal === 'not_point') {
        const point = people.find((p) => p.email === incident.state.point);
        throw new HttpError(403, refusal, `Only ${point?.name ?? incident.state.point}, who has point, or a lead can snooze it`);
      }
      const length = Date.parse(action.until) - Date.parse(action.occurredAt);
      if (!(length >= SNOOZE_MIN_MS && length <= SNOOZE_MAX_MS)) {
        throw new HttpError(400, 'snooze_length', 'A snooze lasts from 1 minute to 24 hours');
      }
    }

    if (action.type === 'reopen') {
      if (!canReopen(incident.state)) {
        throw new HttpError(409, 'not_resolved', 'Only a resolved incident can be reopened: this one is still open');
      }
      // One open incident per alert group: the alert came back since, and that incident is where to work on it.
      const latest = await store.findLatestIncident(incident.dedupKey);
      if (latest && latest.id !== incidentId && latest.state.status !== 'resolved') {
        throw new HttpError(409, 'newer_open', 'This alert has opened a newer incident: work on that one instead');
      }
    }

    const counted = countedTime(action.occurredAt, incident.createdAt, now().toISOString());
    const event = {
      ...eventFromAction(incidentId, { kind: 'person', email: person.email, name: person.name }, action),
      ...counted,
      // The snooze lasts as long as the device meant, counted from when its tap counts: a wrong clock moves both ends.
      ...(action.type === 'snooze' ? { until: snoozeEnd(action.until, action.occurredAt, counted.occurredAt) } : {}),
    };
    try {
      const [result] = await timeline.append([event]);
      if (result.created) onRecorded(result.event);
      return result;
    } catch (err) {
      // Two requests raced with one action id on different incidents; the store kept the first.
      if ((err as { code?: string }).code === 'EVENT_ID_CONFLICT') {
        throw new HttpError(409, 'id_conflict', `Action id ${action.id} was already used on another incident`);
      }
      throw err;
    }
  };
}

function snoozeEnd(until: string, deviceTime: string, countedAt: string): string {
  return new Date(Date.parse(countedAt) + Date.parse(until) - Date.parse(deviceTime)).toISOString();
}
