import { beforeAll, describe, expect, it } from 'vitest';
import { grafanaFixture, postIntegration } from '../../e2e/support/api-client.js';
import { serveTeamWithSenders, TEAM_TOKEN } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';

/**
 * The fixtures are Grafana's documented webhook body: the example in "Configure the webhook notifier for
 * Alerting" (grafana/grafana, docs/sources/alerting/configure-notifications/manage-contact-points/integrations/
 * webhook-notifier.md; https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/),
 * with dashboard and panel URLs filled in (see e2e/fixtures/grafana/README.md).
 */
const GRAFANA_TOKEN = 'test-token-grafana';
const DASHBOARD = 'https://play.grafana.org/d/b4a8c2f1/hosts?orgId=1';

describe('Grafana-managed alerts', () => {
  const stack = usePushStack();
  let team: Awaited<ReturnType<typeof serveTeamWithSenders>>;

  const post = (body: unknown, token = GRAFANA_TOKEN) => postIntegration(team.server.url, 'grafana', body, token);

  beforeAll(async () => {
    team = await serveTeamWithSenders(stack, [{ id: 'grafana', type: 'grafana', token: GRAFANA_TOKEN }]);
  });

  it('opens an incident from a firing group that pages and keeps its dashboard and panel links; resolved resolves it', async () => {
    const firing = await post(grafanaFixture('firing.json'));
    expect(firing.status).toBe(200);
    expect(firing.body).toEqual({ incidentId: expect.any(String), outcome: 'opened' });
    const id = firing.body.incidentId as string;
    await expect.poll(() => team.pagesOf(id).map((p) => p.kind)).toEqual(['page']);

    const opened = await team.view(id);
    expect(opened.details).toMatchObject({ source: 'grafana', externalUrl: 'https://play.grafana.org/' });
    expect(opened.details.links).toEqual([
      { title: 'Dashboard', url: DASHBOARD },
      { title: 'Panel: High memory usage', url: `${DASHBOARD}&viewPanel=2` },
      { title: 'Panel: High CPU usage', url: `${DASHBOARD}&viewPanel=3` },
    ]);
    expect(opened.details.alerts.map((a) => a.labels.alertname).sort()).toEqual(['High CPU usage', 'High memory usage']);
    // Grafana's example sets no severity label: paged, and the timeline says why.
    expect(opened.timeline[0]).toMatchObject({
      type: 'triggered',
      actor: { kind: 'system', name: 'Grafana' },
      pagingReason: expect.stringContaining('no severity label'),
    });

    expect((await post(grafanaFixture('firing.json'))).body).toEqual({ incidentId: id, outcome: 'duplicate' });
    const resolved = await post(grafanaFixture('resolved.json'));
    expect(resolved.body).toEqual({ incidentId: id, outcome: 'resolved' });
    const after = await team.view(id);
    expect(after.state.status).toBe('resolved');
    expect(after.details.alerts.every((a) => a.status === 'resolved')).toBe(true);
    expect(after.details.links?.[0]).toEqual({ title: 'Dashboard', url: DASHBOARD });
  });

  it('refuses an Alertmanager body, naming the version, and the token of another integration', async () => {
    const wrongVersion = await post({ ...grafanaFixture('firing.json'), version: '4' });
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body.error.message).toContain('version');
    expect((await post(grafanaFixture('firing.json'), TEAM_TOKEN)).status).toBe(401);
    expect((await post(grafanaFixture('firing.json'), 'wrong')).status).toBe(401);
  });
});
