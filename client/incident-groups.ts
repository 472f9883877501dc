import type { IncidentSummary } from '../shared/api.js';
import type { Severity } from '../shared/timeline.js';

/**
 * The incident list in the order a tired person needs it: what pages and nobody has taken, then what
 * someone has, then the quiet ones (never paging, or waiting for working hours), then the resolved.
 */
export interface IncidentGroups<T extends IncidentSummary> {
  urgent: T[];
  acknowledged: T[];
  quiet: T[];
  resolved: T[];
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Open, but not waking anyone now: it never pages, or its page waits for working hours. */
export function isQuiet(incident: IncidentSummary): boolean {
  return incident.state.status === 'triggered' && (incident.pagingClass === 'never' || incident.state.pagesAt !== null);
}

/** Paging, and nobody has taken it: what the title and the app badge count. */
export function needsSomeone(incident: IncidentSummary): boolean {
  return incident.state.status === 'triggered' && !isQuiet(incident);
}

/** Point, or paged (or quietly told) about it: the "Mine" filter. */
export function isMine(incident: IncidentSummary, email: string): boolean {
  return incident.state.point === email || incident.state.paged.includes(email);
}

// ISO times in UTC order as plain strings; localeCompare would load the collator, about 100 ms of a cold
// start at 4× throttling (profiled), to sort five rows.
const newestFirst = (a: IncidentSummary, b: IncidentSummary) =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
const byUrgency = (a: IncidentSummary, b: IncidentSummary) =>
  SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || newestFirst(a, b);

export function groupIncidents<T extends IncidentSummary>(incidents: readonly T[]): IncidentGroups<T> {
  const groups: IncidentGroups<T> = { urgent: [], acknowledged: [], quiet: [], resolved: [] };
  for (const incident of incidents) {
    const { status } = incident.state;
    const group =
      status === 'resolved' ? 'resolved' : status === 'acknowledged' ? 'acknowledged' : isQuiet(incident) ? 'quiet' : 'urgent';
    groups[group].push(incident);
  }
  groups.urgent.sort(byUrgency);
  groups.acknowledged.sort(byUrgency);
  groups.quiet.sort(byUrgency);
  groups.resolved.sort(newestFirst);
  return groups;
}
