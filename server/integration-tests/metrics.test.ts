import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failureKind } from '../metrics/metrics.js';
import { readEvents } from '../../e2e/support/sse.js';
import { beat, escalatingTeamEnv, fireGroup, registerDevices } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';

/** Prometheus' own checker, from Debian's prometheus package (.ci/system-deps installs it). */
const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
const packageVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** The value of one sample, named exactly as Prometheus prints it (labels included). */
const metric = (text: string, sample: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.split(' ').at(-1)) : null;
};

describe('Prometheus metrics of onpoint itself', () => {
  const stack = usePushStack();

  it('counts pages, escalations and acknowledgement latency, and shows open incidents and live streams', async () => {
    const server = await stack.serve({ env: escalatingTeamEnv('1h') });
    const { alice, subs } = await registerDevices(server, stack.push);
    const id = await fireGroup(server, 'metrics');
    await stack.push.waitForPush(subs.alice.id);
    await alice.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'ack',
      occurredAt: new Date().toISOString(),
    });

    let text = '';
    const stream = readEvents(`${server.url}/api/events`, { Cookie: alice.sessionCookie }, () => text.length > 0, 5000);
    await new Promise((r) => setTimeout(r, 300));
    text = await (await fetch(`${server.url}/metrics`)).text();
    await stream;
    expect(metric(text, 'onpoint_pages_sent_total{kind="page"}')).toBe(1);
    expect(metric(text, 'onpoint_escalations_total{reason="triggered"}')).toBe(1);
    expect(metric(text, 'onpoint_ack_latency_seconds_count')).toBe(1);
    expect(metric(text, 'onpoint_open_incidents')).toBe(1);
    expect(metric(text, 'onpoint_sse_clients')).toBe(1);
    expect(text).toContain('# HELP onpoint_push_failures_total');
  });

  it("shows each heartbeat's last beat as a Unix time, once it has beaten", async () => {
    const integrations = ['nightly-backup', 'never-beat']
      .map((id) => `  - { id: ${id}, type: heartbeat, interval: 24h, grace: 5m, token: { env: TEST_HB_TOKEN } }`)
      .join('\n');
    const server = await stack.serve({ env: escalatingTeamEnv('1h', { integrations }) });
    const { beatAt } = (await beat(server, 'nightly-backup')).body as { beatAt: string };
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(metric(text, 'onpoint_heartbeat_last_beat_timestamp_seconds{heartbeat="nightly-backup"}')).toBe(
      Date.parse(beatAt) / 1000,
    );
    expect(text).not.toContain('heartbeat="never-beat"');
  });

  it("passes promtool check metrics, with Node's metrics under their standard names, webhooks and the build", async () => {
    const server = await stack.serve({ env: escalatingTeamEnv('1h') });
    await fireGroup(server, 'conventions');
    const refused = await fetch(`${server.url}/api/integrations/alertmanager`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer wrong' },
      body: '{}',
    });
    expect(refused.status).toBe(401);

    const text = await (await fetch(`${server.url}/metrics`)).text();
    const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.error).toBeUndefined();
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
    expect(metric(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(metric(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(text).not.toContain('onpoint_process_');
    expect(metric(text, 'onpoint_webhooks_total{integration="alertmanager",outcome="opened"}')).toBe(1);
    expect(metric(text, 'onpoint_webhooks_total{integration="unknown",outcome="unauthorized"}')).toBe(1);
    expect(metric(text, `onpoint_build_info{version="${packageVersion}"}`)).toBe(1);
  });

  it('asks for the token when one is set', async () => {
    const server = await stack.serve({ env: { ...escalatingTeamEnv('1h'), ONPOINT_METRICS_TOKEN: 'scrape-secret' } });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const ok = await fetch(`${server.url}/metrics`, { headers: { Authorization: 'Bearer scrape-secret' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('onpoint_open_incidents 0');
  });

  it('sorts push failures into a few kinds', () => {
    expect(failureKind('push service says the subscription is gone (410)')).toBe('gone');
    expect(failureKind('push service answered 429, gave up after 4 tries')).toBe('rate_limited');
    expect(failureKind('push service answered 503, gave up after 4 tries')).toBe('push_service_error');
    expect(failureKind('could not reach the push service (ECONNREFUSED), gave up after 4 tries')).toBe('unreachable');
    expect(failureKind('endpoint is not on a known push service')).toBe('not_allowed');
  });
});
