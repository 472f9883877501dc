import type { AlertDetail, IncidentDetails } from '../../shared/api.js';
import type { IncidentState } from '../../shared/reducer.js';
import type { GroupReport } from './alertmanager.js';

/** The incident that a group's earlier payloads made, as far as the decision needs it. */
export interface KnownIncident {
  id: string;
  state: IncidentState;
  details: IncidentDetails;
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
    };

/** An alert firing again after it ended starts anew: same fingerprint, later startsAt. */
const occurrence = (alert: AlertDetail) => `${alert.fingerprint}@${alert.startsAt}`;

/**
 * Decides what a payload means given the newest incident of its group. Alertmanager re-sends
 * groups every group_interval and repeat_interval, so most payloads are repeats: only alerts that
 * start firing or stop firing change anything.
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
  if (firing.length === 0 && resolved.length === 0 && !resolveIncident) {
    return { kind: 'duplicate', incidentId: known.id };
  }

  // Alerts a truncated payload left out are still known, unchanged.
  const merged = new Map(before);
  for (const alert of report.details.alerts) merged.set(alert.fingerprint, alert);
  return {
    kind: 'update',
    incidentId: known.id,
    details: { ...report.details, alerts: [...merged.values()] },
    firing,
    resolved,
    resolveIncident,
  };
}
