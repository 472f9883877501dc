import { z } from 'zod';
import type { AlertDetail, IncidentDetails } from '../../shared/api.js';
import type { IncidentRecord } from '../store/store.js';
import type { GroupReport } from './alertmanager.js';
import type { Reported } from './ingest.js';
import { MAX_DESCRIPTION, MAX_LABEL, MAX_SUMMARY } from './kept-alerts.js';
import { classifyAlert, type SeverityClasses } from './severity-classes.js';

const MAX_LINKS = 10;
const MAX_DETAILS = 30;

const Link = z.strictObject({
  title: z.string().trim().min(1).max(100),
  url: z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(2048),
});

/**
 * `POST /api/integrations/generic`: one alert from a cron job, a CI pipeline, an uptime checker. Strict, and
 * every field bounded: a sender's typo is an error it sees, not a field onpoint drops without a word.
 */
export const GenericAlert = z.strictObject({
  /** The alert's identity for its sender: the same key is the same incident while it is open. */
  dedupKey: z.string().trim().min(1).max(255),
  status: z.enum(['firing', 'resolved'], { error: 'must be "firing" or "resolved"' }),
  title: z.string().trim().min(1).max(200),
  /** Mapped like Alertmanager's severity label; missing or unknown pages, to be safe. */
  severity: z.string().trim().min(1).max(100).optional(),
  summary: z.string().max(MAX_SUMMARY).optional(),
  description: z.string().max(MAX_DESCRIPTION).optional(),
  /** A playbook's slug. */
  playbook: z.string().max(200).optional(),
  links: z.array(Link).max(MAX_LINKS).optional(),
  details: z
    .record(z.string().min(1).max(100), z.string().max(MAX_LABEL))
    .refine((details) => Object.keys(details).length <= MAX_DETAILS, `at most ${MAX_DETAILS} entries`)
    .optional(),
});
export type GenericAlert = z.infer<typeof GenericAlert>;

/** What the alert says of itself. */
function detailsOf(alert: GenericAlert, startsAt: string): IncidentDetails {
  const detail: AlertDetail = {
    fingerprint: alert.dedupKey,
    status: alert.status,
    // Shown as the incident's labels; `alertname` names the rule for playbooks and Insights unless the sender does.
    labels: { alertname: alert.title, ...alert.details, ...(alert.severity && { severity: alert.severity }) },
    summary: alert.summary,
    description: alert.description,
    startsAt,
  };
  return {
    source: 'generic',
    summary: alert.summary,
    description: alert.description,
    links: alert.links,
    alerts: [detail],
    truncatedAlerts: 0,
  };
}

/**
 * The alert as a group of one. Like PagerDuty's events, a key dedups against its open incident only: firing
 * again after the incident was resolved (by the sender or a person) opens a new one. A resolve changes the
 * status; what the firing said stays on the incident.
 */
export function describeGeneric(integrationId: string, alert: GenericAlert, classes: SeverityClasses): Reported {
  const dedupKey = `${integrationId}:${alert.dedupKey}`;
  const against = (known: IncidentRecord | null, now: Date): GroupReport => {
    const open = known && known.state.status !== 'resolved' ? known : null;
    const before = open?.details.alerts.find((a) => a.fingerprint === alert.dedupKey);
    // The sender says nothing of when its alert started: the firing that opened the incident did.
    const details: IncidentDetails =
      alert.status === 'resolved' && open && before
        ? { ...open.details, alerts: [{ ...before, status: 'resolved', endsAt: now.toISOString() }] }
        : detailsOf(alert, before?.startsAt ?? now.toISOString());
    const classification = classifyAlert(alert.severity === undefined ? {} : { severity: alert.severity }, classes);
    return {
      dedupKey,
      status: alert.status,
      title: alert.title,
      firingAlerts: alert.status === 'firing' ? 1 : 0,
      severity: classification.severity,
      pagingClass: classification.pagingClass,
      pagingReason: classification.reason,
      playbook: alert.playbook ?? null,
      alertname: details.alerts[0].labels.alertname ?? null,
      details,
      alertClasses: new Map([[alert.dedupKey, classification]]),
    };
  };
  return { dedupKey, against };
}
