import { afterAll, describe, expect, it } from 'vitest';
import type { HeartbeatView, IncidentSummary } from '../../shared/api.js';
import { escalatingTeamEnv, HEARTBEAT_TOKEN, registerDevices } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';
import { startAlertmanager, until, type RealAlertmanager } from '../test-support/real-alertmanager.js';

/**
 * The Watchdog pattern with a real Alertmanager: an alert that always fires, routed to the heartbeat URL
 * with a short repeat_interval, keeps the heartbeat quiet while the monitoring chain works; when the chain
 * goes quiet (here: Watchdog silenced) the heartbeat pages.
 */
describe('a heartbeat fed by Alertmanager’s Watchdog', () => {
  const stack = usePushStack();
  let alertmanager: RealAlertmanager | undefined;
  afterAll(() => alertmanager?.stop());

  it('stays quiet while Watchdog is routed to it, and pages once Watchdog is silenced', async () => {
    const server = await stack.serve({
      env: {
        ...escalatingTeamEnv('1h', {
          integrations: `  - { id: watchdog, type: heartbeat, title: Watchdog, interval: 5s, grace: 2s, token: { env: TEST_HB_TOKEN } }`,
        }),
        ONPOINT_ESCALATION_TICK_MS: '100',
      },
    });
    const { alice, subs } = await registerDevices(server, stack.push);
    const am = (alertmanager = await startAlertmanager(`route:
  receiver: nobody
  routes:
    - matchers: ['alertname="Watchdog"']
      receiver: onpoint-heartbeat
      group_wait: 0s
      group_interval: 1s
      repeat_interval: 1s
receivers:
  - name: nobody
  - name: onpoint-heartbeat
    webhook_configs:
      - url: ${server.url}/api/integrations/heartbeat/watchdog
        send_resolved: false
        http_config:
          authorization:
            type: Bearer
            credentials: ${HEARTBEAT_TOKEN}
`));
    // What Prometheus sends for `expr: vector(1)`, again and again.
    const watchdog = [
      { labels: { alertname: 'Watchdog', severity: 'none' }, annotations: { summary: 'The alerting chain works' } },
    ];
    expect(
      (
        await fetch(`${am.url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(watchdog),
        })
      ).status,
    ).toBe(200);

    const lastBeat = async () =>
      ((await alice.request('GET', '/api/heartbeats')).body as { heartbeats: HeartbeatView[] }).heartbeats[0].lastBeatAt;
    const first = await until('the first beat from Alertmanager', async () => (await lastBeat()) ?? undefined);
    // Longer than interval and grace: beats keep coming, nothing opens.
    await new Promise((r) => setTimeout(r, 9000));
    expect(Date.parse((await lastBeat())!)).toBeGreaterThan(Date.parse(first) + 5000);
    const incidents = async () =>
      ((await alice.request('GET', '/api/incidents')).body as { incidents: IncidentSummary[] }).incidents;
    expect(await incidents()).toEqual([]);

    const silence = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'Watchdog', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        createdBy: 'heartbeat test',
        comment: 'the monitoring chain goes quiet',
      }),
    });
    expect(silence.status).toBe(200);
    const page = await stack.push.waitForPush(subs.alice.id, 1, 20_000).catch((err: Error) => {
      throw new Error(`${err.message}\nAlertmanager said:\n${am.log()}`);
    });
    expect(page.payload).toMatchObject({
      kind: 'page',
      title: expect.stringMatching(/^No heartbeat from Watchdog since \d\d:\d\d, expected every 5s$/),
    });
    expect(await incidents()).toHaveLength(1);
  });
});
