import { z } from 'zod';
import type { AlertDetail, IncidentDetails } from '../../shared/api.js';
import type { PagingClass, Severity } from '../../shared/timeline.js';

const Labels = z.record(z.string(), z.string());

const Alert = z.object({
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
  alerts: z.array(Alert).min(1, 'alerts must hold at least one alert'),
});
export type AlertmanagerPayload = z.infer<typeof AlertmanagerPayload>;

/** What one payload says about its group, independent of what onpoint already knows. */
export interface GroupReport {
  dedupKey: string;
  status: 'firing' | 'resolved';
  title: string;
  severity: Severity;
  pagingClass: PagingClass;
  playbook: string | null;
  alertname: string | null;
  details: IncidentDetails;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
const PAGING_RANK: Record<PagingClass, number> = { never: 0, daytime: 1, always: 2 };

function severityOf(labels: Record<string, string>): Severity {
  const value = labels.severity?.toLowerCase();
  return value === 'critical' || value === 'warning' ? value : 'info';
}

/** The `page` label decides; without it, critical pages always, warning in the daytime, the rest never. */
export function pagingClassOf(labels: Record<string, string>): PagingClass {
  const page = labels.page?.toLowerCase();
  if (page === 'always' || page === 'daytime' || page === 'never') return page;
  const severity = severityOf(labels);
  return severity === 'critical' ? 'always' : severity === 'warning' ? 'daytime' : 'never';
}

function most<T extends string>(values: T[], rank: Record<T, number>, fallback: T): T {
  return values.reduce((best, v) => (rank[v] > rank[best] ? v : best), fallback);
}

/** Alertmanager writes the zero time for "not ended". */
function endsAtOf(value: string | undefined): string | undefined {
  return value && !value.startsWith('0001-01-01') ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

function toAlertDetail(alert: AlertmanagerPayload['alerts'][number]): AlertDetail {
  return {
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
  };
}

export function describeGroup(integrationId: string, payload: AlertmanagerPayload): GroupReport {
  const alerts = payload.alerts.map(toAlertDetail);
  const firing = payload.alerts.filter((a) => a.status === 'firing');
  const deciding = firing.length > 0 ? firing : payload.alerts;
  const first = payload.alerts[0];
  const common = payload.commonAnnotations;
  const alertname = payload.groupLabels.alertname ?? payload.commonLabels.alertname ?? first.labels.alertname ?? null;
  const total = payload.alerts.length + payload.truncatedAlerts;
  const title =
    common.summary ||
    (total === 1 ? first.annotations.summary : undefined) ||
    `${alertname ?? 'Alert group'}: ${total} alerts${payload.groupLabels.service ? ` on ${payload.groupLabels.service}` : ''}`;

  return {
    dedupKey: `${integrationId}:${payload.groupKey}`,
    status: payload.status,
    title,
    severity: most(
      payload.alerts.map((a) => severityOf(a.labels)),
      SEVERITY_RANK,
      'info',
    ),
    pagingClass: most(
      deciding.map((a) => pagingClassOf(a.labels)),
      PAGING_RANK,
      'never',
    ),
    playbook: common.playbook || first.annotations.playbook || null,
    alertname,
    details: {
      source: 'alertmanager',
      summary: nonEmpty(common.summary) ?? (alerts.length === 1 ? alerts[0].summary : undefined),
      description: nonEmpty(common.description) ?? (alerts.length === 1 ? alerts[0].description : undefined),
      runbookUrl: nonEmpty(common.runbook_url) ?? (alerts.length === 1 ? alerts[0].runbookUrl : undefined),
      dashboardUrl: nonEmpty(common.dashboard) ?? (alerts.length === 1 ? alerts[0].dashboardUrl : undefined),
      generatorUrl: alerts.length === 1 ? alerts[0].generatorUrl : undefined,
      externalUrl: nonEmpty(payload.externalURL),
      alerts,
      truncatedAlerts: payload.truncatedAlerts,
    },
  };
}
