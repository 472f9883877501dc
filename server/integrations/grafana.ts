import { z } from 'zod';
import type { AlertLink } from '../../shared/api.js';
import { AlertmanagerAlert, AlertmanagerPayload, describeGroup, type GroupReport } from './alertmanager.js';
import type { SeverityClasses } from './severity-classes.js';

const MAX_LINKS = 10;

const GrafanaAlert = AlertmanagerAlert.extend({
  silenceURL: z.string().optional(),
  /** Empty when the rule is not tied to a panel. */
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  imageURL: z.string().optional(),
  /** What the rule's expressions evaluated to, by refId. */
  values: z.record(z.string(), z.number()).nullish(),
});
type GrafanaAlert = z.infer<typeof GrafanaAlert>;

/** The body of Grafana's webhook contact point: Alertmanager's, as Grafana groups alerts, plus its own fields. */
export const GrafanaPayload = AlertmanagerPayload.extend({
  version: z.literal('1', { error: 'version must be "1" (Grafana webhook contact point payload)' }),
  orgId: z.number().int(),
  // Grafana marks these as soon deprecated: read nothing from them.
  title: z.string().optional(),
  state: z.string().optional(),
  message: z.string().optional(),
  alerts: z.array(GrafanaAlert).min(1, 'alerts must hold at least one alert'),
});
export type GrafanaPayload = z.infer<typeof GrafanaPayload>;

const isWebLink = (url: string | undefined): url is string => !!url && /^https?:\/\//i.test(url);

/** Each distinct dashboard and panel the group's alerts point at; named by alert when there are several. */
function panelLinks(alerts: readonly GrafanaAlert[]): AlertLink[] {
  const links: AlertLink[] = [];
  for (const [title, urlOf] of [
    ['Dashboard', (a: GrafanaAlert) => a.dashboardURL],
    ['Panel', (a: GrafanaAlert) => a.panelURL],
  ] as const) {
    const byUrl = new Map<string, string>();
    for (const alert of alerts) {
      const url = urlOf(alert);
      if (isWebLink(url) && !byUrl.has(url)) byUrl.set(url, alert.labels.alertname ?? alert.fingerprint);
    }
    for (const [url, name] of byUrl) links.push({ title: byUrl.size === 1 ? title : `${title}: ${name}`, url });
  }
  const [only] = alerts;
  if (alerts.length === 1 && isWebLink(only.silenceURL)) links.push({ title: 'Silence in Grafana', url: only.silenceURL });
  return links.slice(0, MAX_LINKS);
}

/** A Grafana group is an Alertmanager group: the same decisions, with Grafana's links kept. */
export function describeGrafanaGroup(integrationId: string, payload: GrafanaPayload, classes: SeverityClasses): GroupReport {
  const report = describeGroup(integrationId, { ...payload, version: '4' }, classes);
  return { ...report, details: { ...report.details, source: 'grafana', links: panelLinks(payload.alerts) } };
}
