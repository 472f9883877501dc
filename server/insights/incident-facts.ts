import type { AlertRule, IncidentDetails } from '../../shared/api.js';
import { withCountedTime } from '../../shared/device-time.js';
import type { TimelineEvent } from '../../shared/timeline.js';

/**
 * What the numbers need to know of one incident, read off its timeline. Pure. Every time is within the
 * incident's own life, whatever a device's clock said (shared/device-time.ts), so no span is negative or
 * runs for centuries.
 */
export interface IncidentFacts {
  id: string;
  title: string;
  createdAt: string;
  /** Null for an incident a person declared: one the alerts missed. */
  rule: AlertRule | null;
  /** When the first level of the escalation policy was paged; null if nobody was (a timeline-only alert). */
  pagedAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** The point person's answer, the latest one counting; null while nobody has answered. */
  actionable: boolean | null;
  /** Resolved by the alert source with no person ever acting on it. */
  resolvedWithoutAction: boolean;
  /**
   * Who had point, and from when: each acknowledgement that took it and each handoff. `rotationId`: the
   * rotation that had paged them for this incident (null if none did: named by the policy, or handed point).
   */
  pointSpans: { email: string; from: string; to: string | null; rotationId: string | null }[];
  /**
   * Each time a person was really paged (not a quiet notice): once per escalation that reached at least one
   * of their devices, however many devices it reached; with the rotation it came through.
   */
  pages: { email: string; at: string; rotationId: string | null }[];
}

const PERSON_ACTIONS = new Set(['ack', 'escalate', 'handoff', 'join', 'note']);

export function ruleOf(details: IncidentDetails): AlertRule | null {
  if (details.source === 'manual') return null;
  const labels = details.alerts[0]?.labels ?? {};
  return { alertname: labels.alertname ?? 'unnamed alert', service: labels.service ?? null };
}

export function incidentFacts(
  incident: { id: string; title: string; createdAt: string; details: IncidentDetails },
  timeline: readonly TimelineEvent[],
): IncidentFacts {
  let pagedAt: string | null = null;
  let acknowledgedAt: string | null = null;
  let resolvedAt: string | null = null;
  let actionable: boolean | null = null;
  let personActed = false;
  let resolvedBySystem = false;
  const pointSpans: IncidentFacts['pointSpans'] = [];
  const pages: IncidentFacts['pages'] = [];
  // Pages follow the escalation that sent them; that event says which rotation put each person there.
  let levelRotations: Record<string, string> = {};
  let pagedThisLevel = new Set<string>();
  const pagedThrough = new Map<string, string | null>();
  const takePoint = (email: string, at: string) => {
    const current = pointSpans.at(-1);
    if (current && current.to === null) current.to = at;
    pointSpans.push({ email, from: at, to: null, rotationId: pagedThrough.get(email) ?? null });
  };

  for (const stored of timeline) {
    const event = withCountedTime(stored, incident.createdAt);
    const person = event.actor.kind === 'person' ? event.actor.email : null;
    if (person && PERSON_ACTIONS.has(event.type)) personActed = true;
    switch (event.type) {
      case 'escalated':
        pagedAt ??= event.occurredAt;
        levelRotations = event.rotations ?? {};
        pagedThisLevel = new Set();
        break;
      case 'paged': {
        if (event.notice || pagedThisLevel.has(event.person)) break;
        pagedThisLevel.add(event.person);
        const rotationId = levelRotations[event.person] ?? null;
        pages.push({ email: event.person, at: event.occurredAt, rotationId });
        pagedThrough.set(event.person, rotationId);
        break;
      }
      case 'ack':
        if (resolvedAt || !person) break;
        if (!acknowledgedAt) {
          acknowledgedAt = event.occurredAt;
          takePoint(person, event.occurredAt);
        }
        break;
      case 'handoff':
        if (!resolvedAt) takePoint(event.to, event.occurredAt);
        break;
      case 'resolve':
        if (resolvedAt) break;
        resolvedAt = event.occurredAt;
        resolvedBySystem = event.actor.kind === 'system';
        if (pointSpans.length) pointSpans.at(-1)!.to ??= event.occurredAt;
        break;
      case 'actionable':
        actionable = event.value;
        break;
      // Nothing an insight counts; a new event type is decided here too.
      case 'triggered':
      case 'reclassified':
      case 'alerts_changed':
      case 'push_failed':
      case 'delivered':
      case 'not_paged':
      case 'escalate':
      case 'join':
      case 'note':
        break;
    }
  }
  return {
    id: incident.id,
    title: incident.title,
    createdAt: incident.createdAt,
    rule: ruleOf(incident.details),
    pagedAt,
    acknowledgedAt,
    resolvedAt,
    actionable,
    resolvedWithoutAction: !!resolvedAt && resolvedBySystem && !personActed,
    pointSpans,
    pages,
  };
}
