import { describe, expect, it } from 'vitest';
import { grafanaFixture } from '../../e2e/support/api-client.js';
import { describeGrafanaGroup, GrafanaPayload } from './grafana.js';
import { severityClasses } from './severity-classes.js';

// Fixtures: Grafana's documented webhook body (see e2e/fixtures/grafana/README.md for where it came from).
const payload = (name: string, change: (p: Record<string, unknown>) => Record<string, unknown> = (p) => p) =>
  GrafanaPayload.parse(change(grafanaFixture(name)));

describe("Grafana's webhook body", () => {
  it('is an Alertmanager group, dedup key per integration, with its own source', () => {
    const report = describeGrafanaGroup('grafana', payload('firing.json'), severityClasses());
    expect(report).toMatchObject({ dedupKey: 'grafana:{}:{}', status: 'firing', details: { source: 'grafana' } });
    expect(report.details.alerts.map((a) => a.fingerprint).sort()).toEqual(['bc97ff14869b13e3', 'c6eadffa33fcdf37']);
  });

  it('keeps no links when the rule is not on a panel, as in the documented example', () => {
    const noPanels = payload('firing.json', (p) => ({
      ...p,
      alerts: (p.alerts as Record<string, unknown>[]).map((a) => ({ ...a, dashboardURL: '', panelURL: '' })),
    }));
    expect(describeGrafanaGroup('grafana', noPanels, severityClasses()).details.links).toEqual([]);
  });

  it('links one alert to its dashboard, panel and silence', () => {
    const one = payload('firing.json', (p) => ({ ...p, alerts: (p.alerts as unknown[]).slice(0, 1) }));
    expect(describeGrafanaGroup('grafana', one, severityClasses()).details.links?.map((l) => l.title)).toEqual([
      'Dashboard',
      'Panel',
      'Silence in Grafana',
    ]);
  });

  it('accepts alerts whose values are null: an alert with no evaluated values', () => {
    const test = payload('firing.json', (p) => ({
      ...p,
      alerts: (p.alerts as Record<string, unknown>[]).map((a) => ({ ...a, values: null })),
    }));
    expect(describeGrafanaGroup('grafana', test, severityClasses()).details.alerts).toHaveLength(2);
  });
});
