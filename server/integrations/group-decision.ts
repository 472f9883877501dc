import type { AlertDetail, IncidentDetails } from '../../shared/api.js';
import type { IncidentState } from '../../shared/reducer.js';
import type { PagingClass, Severity } from '../../shared/timeline.js';
import type { GroupReport } from './alertmanager.js';
import { keepAlerts } from './kept-alerts.js';
import { compareClassifications, PAGING_RANK, SEVERITY_RANK } from './severity-classes.js';

/** The incident that a group's earlier payloads made, as far as the decision needs it. */
export interface KnownIncident {
  id: string;
  title: string;
  state: IncidentState;
  details: IncidentDetails;
  pagingClass: PagingClass;
  severity: Severity;
}

/** An open incident's class goes up: a more urgent alert joined its group. `reason` names that alert. */
export interface Raise {
  severity: Severity;
  pagingClass: PagingClass;
  reason: string;
}

export type GroupDecision =
  /** Nothing new: a repeat of what is known. Pages nobody, writes nothing. */
  | { kind: 'duplicate'; incidentId: string | null }
  | { kind: 'open' }
  | {
      kind: 'update';
      incidentId: string;
      details: IncidentDetails;
      firing: string[];
      resolved: string[];
      resolveIncident: boolean;
      /** Set when the firing alerts now page more urgently than the incident does; a class never goes down. */
      raise?: Raise;
      /** Set when the group's title or size changed: alerts joined or left, counted or left out by the source. */
      regroup?: Regroup;
    };

/** What the incident's alert group is now: its title, how many fire, how many the source left out. */
export interface Regroup {
  title: string;
  alerts: number;
  truncatedAlerts: number;
}

/** An alert firing again after it ended starts anew: same fingerprint, later startsAt. */
const occurrence = (alert: AlertDetail) => `${alert.fingerprint}@${alert.startsAt}`;

const WHAT_IT_DOES: Record<PagingClass, string> = {
  always: 'paging',
  daytime: 'pages in working hours',
  never: 'timeline only',
};

/**
 * How the firing alerts raise the incident's class, if they do. The alert named is the one with the
 * highest class, preferring one that just started firing.
 */
function raiseOf(
  report: GroupReport,
  known: KnownIncident,
  firingNow: readonly AlertDetail[],
  justFiring: ReadonlySet<string>,
): Raise | undefined {
  const candidates = firingNow.flatMap((alert) => {
    const classification = report.alertClasses.get(alert.fingerprint);
    return classification ? [{ alert, classification }] : [];
  });
  const [top] = candidates.sort(
    (a, b) =>
      compareClassifications(a.classification, b.classification) ||
      Number(justFiring.has(b.alert.fingerprint)) - Number(justFiring.has(a.alert.fingerprint)),
  );
  if (!top || PAGING_RANK[top.classification.pagingClass] <= PAGING_RANK[known.pagingClass]) return undefined;
  const { pagingClass, severity, reason } = top.classification;
  const name = top.alert.labels.alertname || top.alert.fingerprint;
  const what = justFiring.has(top.alert.fingerprint) ? `${severity} alert ${name} joined` : `alert ${name} is now ${severity}`;
  return {
    pagingClass,
    severity: SEVERITY_RANK[severity] > SEVERITY_RANK[known.severity] ? severity : known.severity,
    reason: `${what}: ${WHAT_IT_DOES[pagingClass]}${reason ? ` — ${reason}` : ''}`,
  };
}

/**
 * Decides what a payload means given the newest incident of its group. Alertmanager re-sends
 * groups every group_interval and repeat_interval, so most payloads are repeats: only alerts that
 * start firing or stop firing change anything, or firing alerts that page more urgently than the incident does.
 */
export function decideGroup(report: GroupReport, known: KnownIncident | null): GroupDecision {
  const firingNow = report.details.alerts.filter((a) => a.status === 'firing');

  if (!known || known.state.status === 'resolved') {
    if (report.status === 'resolved' || firingNow.length === 0) return { kind: 'duplicate', incidentId: known?.id ?? null };
    // A group still firing after a person resolved its incident is not news; a new occurrence is.
    const handled = new Set(known?.details.alerts.map(occurrence) ?? []);
    if (firingNow.every((a) => handled.has(occurrence(a)))) return { kind: 'duplicate', incidentId: known!.id };
    return { kind: 'open' };
  }

  const before = new Map(known.details.alerts.map((a) => [a.fingerprint, a]));
  const firing: string[] = [];
  const resolved: string[] = [];
  for (const alert of report.details.alerts) {
    const was = before.get(alert.fingerprint);
    if (alert.status === 'firing' && (!was || was.status === 'resolved' || occurrence(was) !== occurrence(alert))) {
      firing.push(alert.fingerprint);
    }
    if (alert.status === 'resolved' && was?.status === 'firing') resolved.push(alert.fingerprint);
  }
  const resolveIncident = report.status === 'resolved';
  const raise = raiseOf(report, known, firingNow, new Set(firing));
  // Alerts that join a group past what its source sends change only its counts: the title says so.
  const regroup: Regroup | undefined =
    !resolveIncident && (report.title !== known.title || report.details.truncatedAlerts !== known.details.truncatedAlerts)
      ? { title: report.title, alerts: report.firingAlerts, truncatedAlerts: report.details.truncatedAlerts }
      : undefined;
  if (firing.length === 0 && resolved.length === 0 && !resolveIncident && !raise && !regroup) {
    return { kind: 'duplicate', incidentId: known.id };
  }

  // Alerts a truncated payload left out are still known, unchanged, up to what an incident keeps.
  const merged = new Map(before);
  for (const alert of report.details.alerts) merged.set(alert.fingerprint, alert);
  const kept = keepAlerts([...merged.values()]);
  return {
    kind: 'update',
    incidentId: known.id,
    details: {
      ...report.details,
      alerts: kept.alerts,
      droppedAlerts: (report.details.droppedAlerts ?? 0) + kept.dropped,
      ...(known.details.reopened && { reopened: known.details.reopened }),
    },
    firing,
    resolved,
    resolveIncident,
    ...(raise && { raise }),
    ...(regroup && { regroup }),
  };
}
