import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import type { PushServiceDouble } from '../../e2e/support/push-service-double.js';
import { startStack, type Stack } from '../../e2e/support/stack.js';
import type { IncidentSummary } from '../../shared/api.js';
import { startAlertmanager, until, type RealAlertmanager } from '../test-support/real-alertmanager.js';

/** A real Prometheus Alertmanager (Debian's package) sending its webhook to a real onpoint. */
describe('with a real Alertmanager', () => {
  let stack: Stack;
  let server: RunningServer;
  let push: PushServiceDouble;
  let alertmanager: RealAlertmanager;
  let amUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    ({ server, push } = stack);
    alertmanager = await startAlertmanager(
      `route:
  receiver: pager
  group_by: ['alertname', 'service']
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: pager
    webhook_configs:
      - url: ${server.url}/api/integrations/alertmanager
        send_resolved: true
        max_alerts: 5
        http_config:
          authorization:
            type: Bearer
            credentials: demo-alertmanager-token
`,
    );
    amUrl = alertmanager.url;
  });

  afterAll(async () => {
    alertmanager?.stop();
    await stack?.stop();
  });

  const postAlert = (endsAt?: string) =>
    fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical', page: 'always' },
          annotations: { summary: 'Checkout API 5xx rate above 5% for 5m', playbook: 'checkout-high-error-rate' },
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          ...(endsAt ? { endsAt } : {}),
        },
      ]),
    });

  it('opens and pages an incident for a firing alert, and resolves it when the alert resolves', async () => {
    const alice = await new ApiClient(server.url).login('alice@example.com');
    const device = push.subscribe();
    await alice.request('POST', '/api/devices', {
      name: 'Pixel 8',
      subscription: { endpoint: device.endpoint, keys: device.keys },
    });

    expect((await postAlert()).status).toBe(200);
    const page = await push.waitForPush(device.id, 1, 30_000).catch((err) => {
      throw new Error(`${err.message}\nAlertmanager said:\n${alertmanager.log()}\nonpoint said:\n${server.output()}`);
    });
    expect(page.payload).toMatchObject({ kind: 'page', title: 'Checkout API 5xx rate above 5% for 5m', severity: 'critical' });
    const incidentId = (page.payload as { incidentId: string }).incidentId;

    expect((await postAlert(new Date().toISOString())).status).toBe(200);
    const resolved = await until('the incident to resolve', async () => {
      const { incidents } = (await alice.request('GET', '/api/incidents')).body as { incidents: IncidentSummary[] };
      const incident = incidents.find((i) => i.id === incidentId);
      return incident?.state.status === 'resolved' ? incident : undefined;
    });
    expect(resolved.state.resolvedBy).toEqual({ kind: 'system', name: 'Alertmanager' });
    // One incident for the group, paged once, whatever Alertmanager re-sent meanwhile.
    expect((await alice.request('GET', '/api/incidents')).body.incidents).toHaveLength(1);
    expect(push.pushesFor(device.id)).toHaveLength(1);
  });
});
