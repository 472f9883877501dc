import { z } from 'zod';
import type { AlertDetail, IncidentDetails } from '../../shared/api.js';
import type { PagingClass, Severity } from '../../shared/timeline.js';
import {
  classifyAlert,
  compareClassifications,
  SEVERITY_RANK,
  type AlertClassification,
  type SeverityClasses,
} from './severity-classes.js';
import { boundedAlert, boundedDescription, boundedLabels, boundedSummary, keepAlerts } from './kept-alerts.js';
import { groupTitle } from './group-title.js';

const Labels = z.record(z.string(), z.string());

export const AlertmanagerAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: Labels,
  annotations: Labels.default({}),
  startsAt: z.string().min(1),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1),
});

/** Alertmanager's webhook body, version 4. */
export const AlertmanagerPayload = z.object({
  version: z.literal('4', { error: 'version must be "4" (Alertmanager webhook payload version 4)' }),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().nonnegative().default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: Labels.default({}),
  commonLabels: Labels.default({}),
  commonAnnotations: Labels.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(AlertmanagerAlert).min(1, 'alerts must hold at least one alert'),
});
export type AlertmanagerPayload = z.infer<typeof AlertmanagerPayload>;

/** What one payload says about its group, independent of what onpoint already knows. */
export interface GroupReport {
  dedupKey: string;
  status: 'firing' | 'resolved';
  title: string;
  /**
   * How many alerts of the group fire, as the source counts them. Alertmanager does not say which of the alerts
   * it left out (`truncatedAlerts`) still fire: they count as firing, and its next message corrects the count.
   */
  firingAlerts: number;
  /** The highest among the firing alerts (all alerts when none fires). */
  severity: Severity;
  /** The highest among the firing alerts (all alerts when none fires). */
  pagingClass: PagingClass;
  /** Why, when the class came from the fail-safe: a missing or unknown severity that pages to be safe. */
  pagingReason?: string;
  playbook: string | null;
  alertname: string | null;
  details: IncidentDetails;
  /** How each alert of the payload pages, by fingerprint. */
  alertClasses: ReadonlyMap<string, AlertClassification>;
  /** What the resolve line says, when the source knows why it resolved. */
  resolveNote?: string;
}

/** Alertmanager writes the zero time for "not ended". */
function endsAtOf(value: string | undefined): string | undefined {
  return value && !value.startsWith('0001-01-01') ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

function toAlertDetail(alert: AlertmanagerPayload['alerts'][number]): AlertDetail {
  return boundedAlert({
    fingerprint: alert.fingerprint,
    status: alert.status,
    labels: alert.labels,
    summary: nonEmpty(alert.annotations.summary),
    description: nonEmpty(alert.annotations.description),
    runbookUrl: nonEmpty(alert.annotations.runbook_url),
    dashboardUrl: nonEmpty(alert.annotations.dashboard),
    generatorUrl: nonEmpty(alert.generatorURL),
    startsAt: alert.startsAt,
    endsAt: endsAtOf(alert.endsAt),
  });
}

export function describeGroup(integrationId: string, payload: AlertmanagerPayload, classes: SeverityClasses): GroupReport {
  const classOf = (alert: { labels: Record<string, string> }) => classifyAlert(alert.labels, classes);
  // The most urgent first: what the incident keeps of a huge group always includes what pages.
  const bySeverity = (a: AlertDetail) => -SEVERITY_RANK[classOf(a).severity];
  const { alerts, dropped } = keepAlerts(payload.alerts.map(toAlertDetail), bySeverity);
  const alertClasses = new Map(payload.alerts.map((a) => [a.fingerprint, classOf(a)]));
  const firing = payload.alerts.filter((a) => a.status === 'firing');
  const deciding = (firing.length > 0 ? firing : payload.alerts).map(classOf);
  const decided = [...deciding].sort(compareClassifications)[0];
  const first = payload.alerts[0];
  const common = payload.commonAnnotations;
  const alertname = payload.groupLabels.alertname ?? payload.commonLabels.alertname ?? first.labels.alertname ?? null;
  const firingAlerts = firing.length > 0 ? firing.length + payload.truncatedAlerts : 0;
  // A resolved group keeps counting what it had: its title does not change as it ends.
  const counted = firing.length > 0 ? firing : payload.alerts;
  const title = groupTitle({
    alertnames: counted.flatMap((a) => (a.labels.alertname ? [a.labels.alertname] : [])),
    groupLabels: payload.groupLabels,
    count: firing.length > 0 ? firingAlerts : payload.alerts.length + payload.truncatedAlerts,
    summary:
      common.summary || (counted.length === 1 && payload.truncatedAlerts === 0 ? counted[0].annotations.summary : undefined),
  });

  return {
    dedupKey: `${integrationId}:${payload.groupKey}`,
    status: payload.status,
    title,
    firingAlerts,
    severity: deciding.reduce(
      (best, c) => (SEVERITY_RANK[c.severity] > SEVERITY_RANK[best] ? c.severity : best),
      decided.severity,
    ),
    pagingClass: decided.pagingClass,
    pagingReason: decided.reason,
    playbook: common.playbook || first.annotations.playbook || null,
    alertname,
    details: {
      source: 'alertmanager',
      summary: boundedSummary(nonEmpty(common.summary)) ?? (alerts.length === 1 ? alerts[0].summary : undefined),
      description: boundedDescription(nonEmpty(common.description)) ?? (alerts.length === 1 ? alerts[0].description : undefined),
      runbookUrl: nonEmpty(common.runbook_url) ?? (alerts.length === 1 ? alerts[0].runbookUrl : undefined),
      dashboardUrl: nonEmpty(common.dashboard) ?? (alerts.length === 1 ? alerts[0].dashboardUrl : undefined),
      generatorUrl: alerts.length === 1 ? alerts[0].generatorUrl : undefined,
      externalUrl: nonEmpty(payload.externalURL),
      alerts,
      truncatedAlerts: payload.truncatedAlerts,
      droppedAlerts: dropped,
      groupLabels: boundedLabels(payload.groupLabels),
    },
    alertClasses,
  };
}
