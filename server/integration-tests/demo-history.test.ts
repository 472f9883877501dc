import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer } from '../../e2e/support/onpoint-server.js';
import type { IncidentSummary, InsightsView } from '../../shared/api.js';

describe('the demo team’s made-up history', () => {
  const servers: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('gives Insights something to show on first start, marked as demo, and is made only once', async () => {
    const first = await startServer({ env: { ONPOINT_DEMO_HISTORY: '1' } });
    servers.push(first);
    const api = await new ApiClient(first.url).login('alice@example.com');
    const insights = (await api.request('GET', '/api/insights')).body as InsightsView;
    expect(insights.incidents).toBeGreaterThanOrEqual(25);
    expect(insights.recall).toBeGreaterThan(0.8);
    expect(insights.recall).toBeLessThan(1);
    const canary = insights.rules.find((r) => r.rule.alertname === 'CanaryLatencyHigh');
    expect(canary?.hint).toMatch(/tune or demote|resolved by themselves/);
    expect(insights.rules[0].rule.alertname).toBe('CanaryLatencyHigh');
    // Alice and Bob take weekly turns on Payments on-call; both were woken, through that rotation.
    for (const email of ['alice@example.com', 'bob@example.com']) {
      const payments = insights.people.find((p) => p.email === email)?.rotations.find((r) => r.rotationId === 'payments');
      expect(payments?.pages).toBeGreaterThan(0);
      expect(payments?.nightPages).toBeGreaterThan(0);
    }
    expect(insights.weekly.reduce((sum, w) => sum + w.pages, 0)).toBe(insights.rules.reduce((sum, r) => sum + r.pages, 0));

    const { incidents } = (await api.request('GET', '/api/incidents')).body as { incidents: IncidentSummary[] };
    expect(incidents.every((i) => i.title.startsWith('[demo] '))).toBe(true);
    // Nothing looks as if it reached the server late: each event was recorded when it happened.
    const one = (await api.request('GET', `/api/incidents/${incidents[0].id}`)).body as {
      timeline: { occurredAt: string; recordedAt: string }[];
    };
    expect(one.timeline.every((e) => e.occurredAt === e.recordedAt)).toBe(true);

    await first.stop();
    const again = await startServer({ dataDir: first.dataDir, env: { ONPOINT_DEMO_HISTORY: '1' } });
    servers.push(again);
    const later = await new ApiClient(again.url).login('alice@example.com');
    expect(((await later.request('GET', '/api/insights')).body as InsightsView).incidents).toBe(insights.incidents);
  });
});
