import { DateTime } from 'luxon';
import type { AlertDetail } from '../../shared/api.js';
import { durationSpec } from '../../shared/duration-spec.js';
import type { HeartbeatSettings, Integration } from '../config/load.js';
import type { GroupReport } from '../integrations/alertmanager.js';
import { classifyAlert, type SeverityClasses } from '../integrations/severity-classes.js';
import type { HeartbeatRecord } from '../store/store.js';

export type HeartbeatIntegration = Extract<Integration, { type: 'heartbeat' }>;

/** How long a heartbeat may stay quiet before it pages: its interval and its grace. */
export const quietLimitMs = ({ intervalMs, graceMs }: HeartbeatSettings) => intervalMs + graceMs;

/** "03:10" on the team's clock. */
const clockTime = (at: string, timeZone: string) => DateTime.fromISO(at, { zone: timeZone }).toFormat('HH:mm');

const nameOf = (heartbeat: HeartbeatIntegration) => heartbeat.heartbeat.title ?? heartbeat.id;

/** The missed-heartbeat incident of each heartbeat is one alert group: a new miss opens it again. */
export const heartbeatDedupKey = (id: string) => `heartbeat:${id}`;

function report(heartbeat: HeartbeatIntegration, alert: AlertDetail, title: string, classes: SeverityClasses): GroupReport {
  const { severity, playbook } = heartbeat.heartbeat;
  // Without a severity of its own a missed heartbeat is critical: the monitoring itself went quiet.
  const classification = classifyAlert({ severity: severity ?? 'critical' }, classes);
  return {
    dedupKey: heartbeatDedupKey(heartbeat.id),
    status: alert.status,
    title,
    firingAlerts: alert.status === 'firing' ? 1 : 0,
    severity: classification.severity,
    pagingClass: classification.pagingClass,
    pagingReason: classification.reason,
    playbook,
    alertname: heartbeat.id,
    details: { source: 'heartbeat', summary: alert.summary, alerts: [alert], truncatedAlerts: 0 },
    alertClasses: new Map([[alert.fingerprint, classification]]),
  };
}

/** What a missed deadline reports: "No heartbeat from nightly-backup since 03:10, expected every 24h". */
export function missedReport(
  heartbeat: HeartbeatIntegration,
  record: HeartbeatRecord,
  { classes, timeZone }: { classes: SeverityClasses; timeZone: string },
): GroupReport {
  const since = clockTime(record.lastBeatAt ?? record.firstKnownAt, timeZone);
  const every = durationSpec(heartbeat.heartbeat.intervalMs);
  const summary = record.lastBeatAt
    ? `Last beat at ${since} (${timeZone}); it should beat every ${every}, and pages ${durationSpec(heartbeat.heartbeat.graceMs)} after a missed beat.`
    : `It has not beaten once since onpoint started watching it at ${since} (${timeZone}); it should beat every ${every}.`;
  const alert: AlertDetail = {
    fingerprint: heartbeatDedupKey(heartbeat.id),
    status: 'firing',
    labels: { heartbeat: heartbeat.id, ...(heartbeat.heartbeat.severity && { severity: heartbeat.heartbeat.severity }) },
    summary,
    startsAt: record.dueAt,
  };
  return report(heartbeat, alert, `No heartbeat from ${nameOf(heartbeat)} since ${since}, expected every ${every}`, classes);
}

/** What a beat after a miss reports: the incident resolves, saying the heartbeat came back. */
export function backReport(
  heartbeat: HeartbeatIntegration,
  at: string,
  { classes, timeZone }: { classes: SeverityClasses; timeZone: string },
): GroupReport & { resolveNote: string } {
  const note = `The heartbeat came back: ${nameOf(heartbeat)} beat at ${clockTime(at, timeZone)}`;
  const alert: AlertDetail = {
    fingerprint: heartbeatDedupKey(heartbeat.id),
    status: 'resolved',
    labels: { heartbeat: heartbeat.id },
    summary: note,
    startsAt: at,
    endsAt: at,
  };
  return { ...report(heartbeat, alert, `${nameOf(heartbeat)} beats again`, classes), resolveNote: note };
}
