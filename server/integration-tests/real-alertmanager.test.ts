import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import type { PushServiceDouble } from '../../e2e/support/push-service-double.js';
import { startStack, type Stack } from '../../e2e/support/stack.js';
import type { IncidentSummary, IncidentView } from '../../shared/api.js';
import { foldIncident } from '../../shared/reducer.js';
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

  /** QueueBacklog on billing, one alert per queue: q00, q01, …; those in `ended` resolved now. */
  const postQueues = (count: number, ended: (i: number) => boolean = () => false) =>
    fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        Array.from({ length: count }, (_, i) => ({
          labels: { alertname: 'QueueBacklog', service: 'billing', queue: `q${String(i).padStart(2, '0')}`, page: 'never' },
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          ...(ended(i) ? { endsAt: new Date().toISOString() } : {}),
        })),
      ),
    });

  it('retitles the incident as its group grows past max_alerts and shrinks, down to "1 alert"', async () => {
    const alice = await new ApiClient(server.url).login('alice@example.com');
    const incidentTitled = (title: string) =>
      until(`an incident titled "${title}"`, async () => {
        const { incidents } = (await alice.request('GET', '/api/incidents')).body as { incidents: IncidentSummary[] };
        return incidents.find((i) => i.title === title);
      }).catch((err) => {
        throw new Error(`${err.message}\nAlertmanager said:\n${alertmanager.log()}\nonpoint said:\n${server.output()}`);
      });
    const viewOf = async (id: string) => (await alice.request('GET', `/api/incidents/${id}`)).body as IncidentView;

    expect((await postQueues(8)).status).toBe(200);
    const opened = await incidentTitled('QueueBacklog: 8 alerts on billing');
    expect((await viewOf(opened.id)).details).toMatchObject({
      truncatedAlerts: 3,
      groupLabels: { alertname: 'QueueBacklog', service: 'billing' },
    });

    // Four more join: Alertmanager still sends five, and says it left seven out.
    expect((await postQueues(12)).status).toBe(200);
    const grown = await incidentTitled('QueueBacklog: 12 alerts on billing');
    expect(grown.id).toBe(opened.id);
    const grownView = await viewOf(opened.id);
    expect(grownView.details.truncatedAlerts).toBe(7);
    expect(grownView.state.title).toBe('QueueBacklog: 12 alerts on billing');

    // Nine end, then two more: one left, and nothing left out of the message.
    expect((await postQueues(12, (i) => i >= 3)).status).toBe(200);
    await until('Alertmanager to send the nine resolved', async () =>
      (await viewOf(opened.id)).timeline.some((e) => e.type === 'alerts_changed' && e.resolved.length > 0) ? true : undefined,
    );
    expect((await postQueues(3, (i) => i >= 1)).status).toBe(200);
    const shrunk = await incidentTitled('QueueBacklog: 1 alert on billing');
    expect(shrunk.id).toBe(opened.id);
    const view = await viewOf(opened.id);
    expect(view.details.truncatedAlerts).toBe(0);
    expect(view.state).toMatchObject({ status: 'triggered', title: 'QueueBacklog: 1 alert on billing' });
    // What a phone folds from the timeline is what the server stored.
    expect(foldIncident(view.timeline)).toEqual(view.state);
    expect(view.timeline.filter((e) => e.type === 'group_changed').at(-1)).toMatchObject({
      title: 'QueueBacklog: 1 alert on billing',
      alerts: 1,
      truncatedAlerts: 0,
    });
  });
});
