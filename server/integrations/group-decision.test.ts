import { describe, expect, it } from 'vitest';
import { alertmanagerFixture } from '../../e2e/support/api-client.js';
import { initialState } from '../../shared/reducer.js';
import { AlertmanagerPayload, describeGroup, type GroupReport } from './alertmanager.js';
import { decideGroup, type KnownIncident } from './group-decision.js';
import { severityClasses, type SeverityClasses } from './severity-classes.js';

const defaults = severityClasses();

interface AlertSpec {
  fingerprint: string;
  severity?: string;
  page?: string;
  status?: 'firing' | 'resolved';
  alertname?: string;
}

/**
 * One group of alerts named CheckoutLatency, as Prometheus users write them: a warning and a critical
 * rule under one alertname. Built on the real single-alert payload, without its `page` label.
 */
function group(alerts: AlertSpec[], classes: SeverityClasses = defaults): GroupReport {
  const payload = AlertmanagerPayload.parse(alertmanagerFixture('firing-single-critical.json'));
  const template = payload.alerts[0];
  payload.groupLabels = { alertname: 'CheckoutLatency' };
  payload.commonLabels = { alertname: 'CheckoutLatency' };
  payload.alerts = alerts.map(({ fingerprint, severity, page, status = 'firing', alertname = 'CheckoutLatency' }) => {
    const labels: Record<string, string> = { alertname, service: 'checkout' };
    if (severity !== undefined) labels.severity = severity;
    if (page !== undefined) labels.page = page;
    return { ...template, fingerprint, status, labels };
  });
  payload.status = payload.alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved';
  return describeGroup('alertmanager', payload, classes);
}

/** The open incident a report made. */
function opened(report: GroupReport): KnownIncident {
  expect(decideGroup(report, null).kind).toBe('open');
  return {
    id: 'inc-1',
    title: report.title,
    state: initialState,
    details: report.details,
    pagingClass: report.pagingClass,
    severity: report.severity,
  };
}

describe('the paging class follows the group', () => {
  it('raises a warning incident to always when a critical alert joins, and says which alert', () => {
    const incident = opened(group([{ fingerprint: 'warn', severity: 'warning' }]));
    expect(incident).toMatchObject({ pagingClass: 'daytime', severity: 'warning' });
    const decision = decideGroup(
      group([
        { fingerprint: 'warn', severity: 'warning' },
        { fingerprint: 'crit', severity: 'critical' },
      ]),
      incident,
    );
    expect(decision).toMatchObject({
      kind: 'update',
      firing: ['crit'],
      resolved: [],
      raise: { pagingClass: 'always', severity: 'critical', reason: 'critical alert CheckoutLatency joined: paging' },
    });
  });

  it('does not lower a critical incident when a warning joins', () => {
    const incident = opened(group([{ fingerprint: 'crit', severity: 'critical' }]));
    const decision = decideGroup(
      group([
        { fingerprint: 'crit', severity: 'critical' },
        { fingerprint: 'warn', severity: 'warning' },
      ]),
      incident,
    );
    expect(decision).toMatchObject({ kind: 'update', firing: ['warn'] });
    expect(decision).not.toHaveProperty('raise');
  });

  it('does not lower the class when the critical alert resolves and the warning keeps firing', () => {
    const incident = opened(
      group([
        { fingerprint: 'warn', severity: 'warning' },
        { fingerprint: 'crit', severity: 'critical' },
      ]),
    );
    const decision = decideGroup(
      group([
        { fingerprint: 'warn', severity: 'warning' },
        { fingerprint: 'crit', severity: 'critical', status: 'resolved' },
      ]),
      incident,
    );
    expect(decision).toMatchObject({ kind: 'update', resolved: ['crit'], resolveIncident: false });
    expect(decision).not.toHaveProperty('raise');
  });

  it('raises never to daytime in working-hours words', () => {
    const incident = opened(group([{ fingerprint: 'info', severity: 'info' }]));
    expect(incident.pagingClass).toBe('never');
    const decision = decideGroup(
      group([
        { fingerprint: 'info', severity: 'info' },
        { fingerprint: 'warn', severity: 'warning', alertname: 'CheckoutSlow' },
      ]),
      incident,
    );
    expect(decision).toMatchObject({
      raise: { pagingClass: 'daytime', severity: 'warning', reason: 'warning alert CheckoutSlow joined: pages in working hours' },
    });
  });

  it('counts a payload that changes nothing but the severity of a firing alert as an update, because the class rises', () => {
    const incident = opened(group([{ fingerprint: 'one', severity: 'warning' }]));
    const decision = decideGroup(group([{ fingerprint: 'one', severity: 'critical' }]), incident);
    expect(decision).toMatchObject({
      kind: 'update',
      firing: [],
      resolved: [],
      resolveIncident: false,
      raise: { pagingClass: 'always', severity: 'critical', reason: 'alert CheckoutLatency is now critical: paging' },
    });
    if (decision.kind === 'update') expect(decision.details.alerts[0].labels.severity).toBe('critical');
  });

  it('keeps a repeat with a lower class a duplicate', () => {
    const incident = opened(group([{ fingerprint: 'one', severity: 'critical' }]));
    expect(decideGroup(group([{ fingerprint: 'one', severity: 'warning' }]), incident).kind).toBe('duplicate');
    expect(decideGroup(group([{ fingerprint: 'one', severity: 'critical' }]), incident).kind).toBe('duplicate');
  });

  it('never lowers the severity with a raise', () => {
    // page: daytime with severity critical opens; a P1 (critical by class) raises the class, severity stays critical.
    const incident = opened(group([{ fingerprint: 'a', severity: 'critical', page: 'daytime' }]));
    expect(incident).toMatchObject({ pagingClass: 'daytime', severity: 'critical' });
    const decision = decideGroup(
      group([
        { fingerprint: 'a', severity: 'critical', page: 'daytime' },
        { fingerprint: 'b', severity: 'info', page: 'always' },
      ]),
      incident,
    );
    expect(decision).toMatchObject({
      raise: { pagingClass: 'always', severity: 'critical', reason: 'info alert CheckoutLatency joined: paging' },
    });
  });

  it('names the fail-safe when an alert with an unknown severity raises the class', () => {
    const incident = opened(group([{ fingerprint: 'warn', severity: 'warning' }]));
    const decision = decideGroup(
      group([
        { fingerprint: 'warn', severity: 'warning' },
        { fingerprint: 'odd', severity: 'banana' },
      ]),
      incident,
    );
    expect(decision).toMatchObject({
      raise: {
        pagingClass: 'always',
        severity: 'critical',
        reason:
          'critical alert CheckoutLatency joined: paging — unknown severity "banana": paged to be safe — map it in the config (severities:)',
      },
    });
  });

  it('does not raise a resolved incident: a new one opens instead', () => {
    const incident = {
      ...opened(group([{ fingerprint: 'warn', severity: 'warning' }])),
      state: { ...initialState, status: 'resolved' as const },
    };
    const decision = decideGroup(
      group([
        { fingerprint: 'warn', severity: 'warning' },
        { fingerprint: 'crit', severity: 'critical' },
      ]),
      incident,
    );
    expect(decision).toEqual({ kind: 'open' });
  });

  it('honours the config mapping when deciding a raise', () => {
    const classes = severityClasses({ warning: 'never', urgent: 'daytime' });
    const incident = opened(group([{ fingerprint: 'warn', severity: 'warning' }], classes));
    expect(incident.pagingClass).toBe('never');
    const decision = decideGroup(
      group(
        [
          { fingerprint: 'warn', severity: 'warning' },
          { fingerprint: 'urg', severity: 'urgent' },
        ],
        classes,
      ),
      incident,
    );
    expect(decision).toMatchObject({
      raise: {
        pagingClass: 'daytime',
        severity: 'warning',
        reason: 'warning alert CheckoutLatency joined: pages in working hours',
      },
    });
  });
});

describe('how severities page a group', () => {
  const opening = (severity: string | undefined) => group([{ fingerprint: 'a', severity }]);

  it.each([
    ['page', 'always', 'critical'],
    ['Critical', 'always', 'critical'],
    ['P1', 'always', 'critical'],
    ['warning', 'daytime', 'warning'],
    ['info', 'never', 'info'],
  ])('severity %s pages %s, shown as %s, with no reason', (severity, pagingClass, shown) => {
    const report = opening(severity);
    expect(report).toMatchObject({ pagingClass, severity: shown });
    expect(report.pagingReason).toBeUndefined();
  });

  it('pages a missing severity and an unknown one, with the reason', () => {
    expect(opening(undefined)).toMatchObject({
      pagingClass: 'always',
      severity: 'critical',
      pagingReason: 'no severity label: paged to be safe — map it in the config',
    });
    expect(opening('banana')).toMatchObject({
      pagingClass: 'always',
      severity: 'critical',
      pagingReason: 'unknown severity "banana": paged to be safe — map it in the config (severities:)',
    });
  });

  it('follows a custom mapping', () => {
    const classes = severityClasses({ banana: 'never', critical: 'daytime' });
    expect(group([{ fingerprint: 'a', severity: 'Banana' }], classes)).toMatchObject({ pagingClass: 'never', severity: 'info' });
    expect(group([{ fingerprint: 'a', severity: 'critical' }], classes)).toMatchObject({
      pagingClass: 'daytime',
      severity: 'critical',
    });
  });
});

describe('a group bigger than an incident keeps', () => {
  const warnings = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({ fingerprint: `w${from + i}`, severity: 'warning' }));

  it('keeps 100 alerts, the critical one at the end of 250 among them, and counts the rest', () => {
    const report = group([...warnings(249), { fingerprint: 'crit', severity: 'critical' }]);
    expect(report.details.alerts).toHaveLength(100);
    expect(report.details.alerts[0].fingerprint).toBe('crit');
    expect(report.details.droppedAlerts).toBe(150);
    expect(report.pagingClass).toBe('always');
  });

  it('treats a re-sent big group as the duplicate it is, and stays bounded as alerts come and go', () => {
    let incident = opened(group(warnings(150)));
    expect(decideGroup(group(warnings(150)), incident).kind).toBe('duplicate');
    for (let round = 1; round <= 5; round++) {
      const decision = decideGroup(group(warnings(150, round * 150)), incident);
      if (decision.kind !== 'update') throw new Error(`round ${round}: ${decision.kind}`);
      expect(decision.details.alerts).toHaveLength(100);
      incident = { ...incident, details: decision.details };
    }
  });
});

describe('the incident follows its group as it grows and shrinks', () => {
  /** NodeDiskFull on storage, cut by Alertmanager to its first five alerts. */
  function truncated(firing: number, truncatedAlerts: number, resolvedShown = 0): GroupReport {
    const payload = AlertmanagerPayload.parse(alertmanagerFixture('firing-group-truncated.json'));
    const template = payload.alerts[0];
    payload.alerts = Array.from({ length: firing + resolvedShown }, (_, i) => ({
      ...template,
      fingerprint: `disk-${i}`,
      status: i < firing ? ('firing' as const) : ('resolved' as const),
      annotations: { summary: `Disk ${i} full` },
    }));
    payload.commonAnnotations = {};
    payload.truncatedAlerts = truncatedAlerts;
    payload.status = firing > 0 ? 'firing' : 'resolved';
    return describeGroup('alertmanager', payload, defaults);
  }

  it('retitles the incident when alerts join past what Alertmanager sends, with the new count', () => {
    const incident = opened(truncated(5, 55));
    expect(incident.title).toBe('NodeDiskFull: 60 alerts on storage');
    const decision = decideGroup(truncated(5, 60), incident);
    expect(decision).toMatchObject({
      kind: 'update',
      firing: [],
      resolved: [],
      regroup: { title: 'NodeDiskFull: 65 alerts on storage', alerts: 65, truncatedAlerts: 60 },
      details: { truncatedAlerts: 60 },
    });
    // Alertmanager sends the grown group again and again: a repeat.
    const grown = { ...incident, title: 'NodeDiskFull: 65 alerts on storage', details: truncated(5, 60).details };
    expect(decideGroup(truncated(5, 60), grown)).toEqual({ kind: 'duplicate', incidentId: 'inc-1' });
  });

  it('retitles it as the group shrinks, down to "1 alert", and keeps that title as the group ends', () => {
    const incident = opened(truncated(5, 0));
    const decision = decideGroup(truncated(1, 0, 4), incident);
    expect(decision).toMatchObject({ kind: 'update', regroup: { title: 'Disk 0 full', alerts: 1, truncatedAlerts: 0 } });
    expect(decision.kind === 'update' && decision.resolved).toHaveLength(4);
    const shrunk = { ...incident, title: 'Disk 0 full', details: truncated(1, 0, 4).details };
    const ended = decideGroup(truncated(0, 0, 5), shrunk);
    expect(ended).toMatchObject({ kind: 'update', resolveIncident: true });
    expect(ended).not.toHaveProperty('regroup');
  });
});
