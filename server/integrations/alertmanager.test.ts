import { describe, expect, it } from 'vitest';
import { alertmanagerFixture } from '../../e2e/support/api-client.js';
import { initialState } from '../../shared/reducer.js';
import { AlertmanagerPayload, describeGroup } from './alertmanager.js';
import { decideGroup, type KnownIncident } from './group-decision.js';
import { severityClasses } from './severity-classes.js';

const classes = severityClasses();
const parse = (name: string) => AlertmanagerPayload.parse(alertmanagerFixture(name));
const report = (name: string) => describeGroup('alertmanager', parse(name), classes);

function known(name: string, status: KnownIncident['state']['status'] = 'triggered'): KnownIncident {
  const { title, details, pagingClass, severity } = report(name);
  return { id: 'inc-1', title, state: { ...initialState, status }, details, pagingClass, severity };
}

describe('Alertmanager payload → group report', () => {
  it('reads the single critical alert: title, severity, pages always, playbook and links', () => {
    const r = report('firing-single-critical.json');
    expect(r.dedupKey).toBe('alertmanager:{}:{alertname="CheckoutHighErrorRate", service="checkout"}');
    expect(r.title).toBe('Checkout API 5xx rate above 5% for 5m');
    expect(r.severity).toBe('critical');
    expect(r.pagingClass).toBe('always');
    expect(r.playbook).toBe('checkout-high-error-rate');
    expect(r.details.runbookUrl).toBe('https://runbooks.example.com/checkout-high-error-rate');
    expect(r.details.dashboardUrl).toBe('https://grafana.example.com/d/checkout');
    expect(r.details.generatorUrl).toContain('prometheus.example.com');
    expect(r.details.alerts[0].endsAt).toBeUndefined();
  });

  it('names a truncated group by its alert and the full count, and remembers what was left out', () => {
    const r = report('firing-group-truncated.json');
    expect(r.title).toBe('NodeDiskFull: 7 alerts on storage');
    expect(r.details.alerts).toHaveLength(5);
    expect(r.details.truncatedAlerts).toBe(2);
    expect(r.pagingClass).toBe('daytime');
    expect(r.severity).toBe('warning');
  });

  it('keeps the labels the group was made by, and titles one alert without a summary "1 alert"', () => {
    const payload = parse('firing-group-truncated.json');
    payload.alerts = payload.alerts.slice(0, 1).map((a) => ({ ...a, annotations: {} }));
    payload.truncatedAlerts = 0;
    payload.commonAnnotations = {};
    const r = describeGroup('alertmanager', payload, classes);
    expect(r.title).toBe('NodeDiskFull: 1 alert on storage');
    expect(r.details.groupLabels).toEqual(payload.groupLabels);
  });

  it('keeps untrusted text as it came: markup is data, not HTML', () => {
    const r = report('firing-nonpaging-untrusted-text.json');
    expect(r.pagingClass).toBe('never');
    expect(r.details.description).toBe('<script>alert(1)</script> should be shown as text, not run');
    expect(r.title).toBe('TLS certificate for shop.example.com expires in 13 days — renew ✓');
  });

  it('reads a resolved group with its end time', () => {
    const r = report('resolved-single.json');
    expect(r.status).toBe('resolved');
    expect(r.details.alerts[0].endsAt).toBe('2026-11-22T20:45:10Z');
  });

  it('takes the class from the page label, else from the severity label through the config', () => {
    const noPageLabel = (name: string) => {
      const payload = parse(name);
      for (const alert of payload.alerts) delete alert.labels.page;
      return payload;
    };
    expect(describeGroup('am', noPageLabel('firing-single-critical.json'), classes).pagingClass).toBe('always');
    expect(describeGroup('am', noPageLabel('firing-group-truncated.json'), classes).pagingClass).toBe('daytime');
    expect(describeGroup('am', noPageLabel('firing-nonpaging-untrusted-text.json'), classes).pagingClass).toBe('never');
    const custom = severityClasses({ info: 'daytime', Warning: 'always' });
    expect(describeGroup('am', noPageLabel('firing-group-truncated.json'), custom)).toMatchObject({
      pagingClass: 'always',
      severity: 'warning',
    });
    expect(describeGroup('am', noPageLabel('firing-nonpaging-untrusted-text.json'), custom).pagingClass).toBe('daytime');
    // The page label still wins over the mapping.
    expect(describeGroup('am', parse('firing-nonpaging-untrusted-text.json'), custom).pagingClass).toBe('never');
  });

  it('pages a group whose severity it does not know, and says why', () => {
    const missing = parse('firing-nonpaging-untrusted-text.json');
    delete missing.alerts[0].labels.page;
    delete missing.alerts[0].labels.severity;
    expect(describeGroup('am', missing, classes)).toMatchObject({
      pagingClass: 'always',
      severity: 'critical',
      pagingReason: 'no severity label: paged to be safe — map it in the config',
    });
    const banana = parse('firing-nonpaging-untrusted-text.json');
    delete banana.alerts[0].labels.page;
    banana.alerts[0].labels.severity = 'banana';
    expect(describeGroup('am', banana, classes)).toMatchObject({
      pagingClass: 'always',
      severity: 'critical',
      pagingReason: 'unknown severity "banana": paged to be safe — map it in the config (severities:)',
    });
    expect(describeGroup('am', banana, severityClasses({ BANANA: 'never' }))).toMatchObject({
      pagingClass: 'never',
      severity: 'info',
      pagingReason: undefined,
    });
  });

  it('gives no reason when a mapped alert decides the class and a fail-safe one only agrees', () => {
    const payload = parse('firing-group-truncated.json');
    for (const alert of payload.alerts) delete alert.labels.page;
    payload.alerts[0].labels.severity = 'critical';
    payload.alerts[1].labels.severity = 'banana';
    const r = describeGroup('am', payload, classes);
    expect(r).toMatchObject({ pagingClass: 'always', severity: 'critical' });
    expect(r.pagingReason).toBeUndefined();
    expect(r.alertClasses.get(payload.alerts[1].fingerprint)?.reason).toContain('banana');
  });

  it('takes the class and severity from the firing alerts, not the resolved ones', () => {
    const payload = parse('firing-group-truncated.json');
    for (const alert of payload.alerts) delete alert.labels.page;
    payload.alerts[0] = {
      ...payload.alerts[0],
      status: 'resolved',
      labels: { ...payload.alerts[0].labels, severity: 'critical' },
    };
    expect(describeGroup('am', payload, classes)).toMatchObject({ pagingClass: 'daytime', severity: 'warning' });
  });

  it('says which field is wrong in a bad payload', () => {
    const result = AlertmanagerPayload.safeParse({ ...alertmanagerFixture('firing-single-critical.json'), version: '3' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toContain('version 4');
  });
});

describe('what a payload means for the incident', () => {
  it('opens an incident for a group seen for the first time', () => {
    expect(decideGroup(report('firing-single-critical.json'), null).kind).toBe('open');
  });

  it('treats the same payload sent again as a duplicate that pages nobody', () => {
    expect(decideGroup(report('firing-single-critical.json'), known('firing-single-critical.json'))).toEqual({
      kind: 'duplicate',
      incidentId: 'inc-1',
    });
  });

  it('resolves the open incident when the group resolves', () => {
    const decision = decideGroup(report('resolved-single.json'), known('firing-single-critical.json'));
    expect(decision).toMatchObject({ kind: 'update', resolveIncident: true, resolved: ['6f1f2d7940e0af79'], firing: [] });
  });

  it('ignores a resolved group that has nothing open', () => {
    expect(decideGroup(report('resolved-single.json'), known('firing-single-critical.json', 'resolved')).kind).toBe('duplicate');
    expect(decideGroup(report('resolved-single.json'), null).kind).toBe('duplicate');
  });

  it('does not reopen what a person resolved while the same alert keeps firing', () => {
    expect(decideGroup(report('firing-single-critical.json'), known('firing-single-critical.json', 'resolved')).kind).toBe(
      'duplicate',
    );
  });

  it('opens a new incident when the alert fires again later', () => {
    const again = parse('firing-single-critical.json');
    again.alerts[0].startsAt = '2026-11-23T08:00:00Z';
    expect(
      decideGroup(describeGroup('alertmanager', again, classes), known('firing-single-critical.json', 'resolved')).kind,
    ).toBe('open');
  });

  it('adds newly firing alerts to the open incident and keeps those a truncated payload left out', () => {
    const before = known('firing-group-truncated.json');
    const next = parse('firing-group-truncated.json');
    next.alerts = [{ ...next.alerts[0], fingerprint: 'new-alert-1' }];
    const decision = decideGroup(describeGroup('alertmanager', next, classes), before);
    expect(decision).toMatchObject({ kind: 'update', firing: ['new-alert-1'], resolved: [], resolveIncident: false });
    if (decision.kind === 'update') expect(decision.details.alerts).toHaveLength(6);
  });
});
