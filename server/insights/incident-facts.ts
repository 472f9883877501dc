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

const PERSON_ACTIONS = new Set(['ack', 'escalate', 'handoff', 'join', 'note', 'snooze', 'reopen']);

export function ruleOf(details: IncidentDetails): AlertRule | null {
  if (details.source === 'manual') return null;
  const labels = details.alerts[0]?.labels ?? {};
  return { alertname: labels.alertname ?? 'unnamed alert', service: labels.service ?? null };
}

/**
 * Where the fold over one timeline has got to: the facts so far and what the next event needs (the
 * rotations of the level paged last, who it paged). Plain data, so the store can keep it and fold each new
 * event as it is appended instead of reading the timeline again.
 */
export interface FactsFold {
  pagedAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  actionable: boolean | null;
  personActed: boolean;
  resolvedBySystem: boolean;
  /** What the first resolve said: how it was fixed, for the next incident of the same rule. */
  resolutionNote: string | null;
  pointSpans: IncidentFacts['pointSpans'];
  pages: IncidentFacts['pages'];
  // Pages follow the escalation that sent them; that event says which rotation put each person there.
  levelRotations: Record<string, string>;
  pagedThisLevel: string[];
  pagedThrough: Record<string, string | null>;
}

export const emptyFold = (): FactsFold => ({
  pagedAt: null,
  acknowledgedAt: null,
  resolvedAt: null,
  actionable: null,
  personActed: false,
  resolvedBySystem: false,
  resolutionNote: null,
  pointSpans: [],
  pages: [],
  levelRotations: {},
  pagedThisLevel: [],
  pagedThrough: {},
});

/** Folds one stored event into `fold`, which it changes in place; `openedAt` bounds a device's wrong clock. */
export function foldFact(fold: FactsFold, stored: TimelineEvent, openedAt: string): void {
  const event = withCountedTime(stored, openedAt);
  const person = event.actor.kind === 'person' ? event.actor.email : null;
  if (person && PERSON_ACTIONS.has(event.type)) fold.personActed = true;
  const takePoint = (email: string, at: string) => {
    const current = fold.pointSpans.at(-1);
    if (current && current.to === null) current.to = at;
    fold.pointSpans.push({ email, from: at, to: null, rotationId: fold.pagedThrough[email] ?? null });
  };
  switch (event.type) {
    case 'escalated':
      fold.pagedAt ??= event.occurredAt;
      fold.levelRotations = event.rotations ?? {};
      fold.pagedThisLevel = [];
      break;
    case 'paged': {
      if (event.notice || fold.pagedThisLevel.includes(event.person)) break;
      fold.pagedThisLevel.push(event.person);
      const rotationId = fold.levelRotations[event.person] ?? null;
      fold.pages.push({ email: event.person, at: event.occurredAt, rotationId });
      fold.pagedThrough[event.person] = rotationId;
      break;
    }
    case 'ack':
      if (fold.resolvedAt || !person) break;
      if (!fold.acknowledgedAt) {
        fold.acknowledgedAt = event.occurredAt;
        takePoint(person, event.occurredAt);
      } else if (fold.pointSpans.at(-1)?.to) {
        // Reopened after it was resolved: the first to acknowledge again takes point, as in the reducer.
        takePoint(person, event.occurredAt);
      }
      break;
    case 'handoff':
      if (!fold.resolvedAt) takePoint(event.to, event.occurredAt);
      break;
    case 'resolve':
      if (fold.resolvedAt) break;
      fold.resolvedAt = event.occurredAt;
      fold.resolvedBySystem = event.actor.kind === 'system';
      fold.resolutionNote = event.note ?? null;
      if (fold.pointSpans.length) fold.pointSpans.at(-1)!.to ??= event.occurredAt;
      break;
    case 'reopen':
      // Not resolved any more: the time to resolve and the fix that counts are those of the next resolve.
      // The first acknowledgement and page still count from the first time round.
      if (!fold.resolvedAt) break;
      fold.resolvedAt = null;
      fold.resolvedBySystem = false;
      fold.resolutionNote = null;
      break;
    case 'actionable':
      fold.actionable = event.value;
      break;
    // What the figures do not count: decided here, so a new event type does not compile until it is.
    case 'triggered':
    case 'escalate':
    case 'join':
    case 'note':
    case 'delivered':
    case 'push_failed':
    case 'not_paged':
    case 'alerts_changed':
    case 'group_changed':
    case 'reclassified':
    case 'snooze':
    case 'snooze_ended':
      break;
  }
}

type FactsIncident = { id: string; title: string; createdAt: string; details: IncidentDetails };

export function factsOf(incident: FactsIncident, fold: FactsFold): IncidentFacts {
  return {
    id: incident.id,
    title: incident.title,
    createdAt: incident.createdAt,
    rule: ruleOf(incident.details),
    pagedAt: fold.pagedAt,
    acknowledgedAt: fold.acknowledgedAt,
    resolvedAt: fold.resolvedAt,
    actionable: fold.actionable,
    resolvedWithoutAction: !!fold.resolvedAt && fold.resolvedBySystem && !fold.personActed,
    pointSpans: fold.pointSpans,
    pages: fold.pages,
  };
}

export function incidentFacts(incident: FactsIncident, timeline: readonly TimelineEvent[]): IncidentFacts {
  const fold = emptyFold();
  for (const event of timeline) foldFact(fold, event, incident.createdAt);
  return factsOf(incident, fold);
}
