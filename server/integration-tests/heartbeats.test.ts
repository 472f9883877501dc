import { describe, expect, inject, it } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import type { HeartbeatView, IncidentSummary, IncidentView } from '../../shared/api.js';
import { beat, escalatingTeamEnv, registerDevices } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';
import { createTestDatabase } from '../test-support/throwaway-postgres.js';

const heartbeatYaml = (id: string, interval: string, grace: string, extra = '') =>
  `  - { id: ${id}, type: heartbeat, interval: ${interval}, grace: ${grace}, token: { env: TEST_HB_TOKEN }${extra} }`;

const incidentsOf = async (api: ApiClient) =>
  ((await api.request('GET', '/api/incidents')).body as { incidents: IncidentSummary[] }).incidents;
const heartbeatsOf = async (api: ApiClient) =>
  ((await api.request('GET', '/api/heartbeats')).body as { heartbeats: HeartbeatView[] }).heartbeats;

describe('heartbeats, on a clock the test moves', () => {
  const stack = usePushStack();
  // On the hour, near the real time (push services check the VAPID expiry against it), in the team's zone: UTC.
  const start = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
  const hour = String(start.getUTCHours()).padStart(2, '0');
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();
  const serve = () =>
    stack.serveInProcess({
      at: start,
      env: escalatingTeamEnv('1h', { integrations: heartbeatYaml('nightly-backup', '10m', '1m') }),
    });
  const minutes = (n: number) => n * 60_000;

  it('stays quiet while beats come in time, and says when the next one is due', async () => {
    const server = await serve();
    const { alice, subs } = await registerDevices(server, stack.push);
    for (let i = 0; i < 6; i++) {
      server.advance(minutes(10));
      const answer = await beat(server, 'nightly-backup');
      expect(answer).toEqual({
        status: 200,
        body: {
          heartbeat: 'nightly-backup',
          beatAt: server.clock().toISOString(),
          nextDeadline: new Date(server.clock().getTime() + minutes(11)).toISOString(),
        },
      });
      server.advance(minutes(1));
      await server.runDue();
    }
    expect(await incidentsOf(alice)).toEqual([]);
    expect(await heartbeatsOf(alice)).toMatchObject([
      { id: 'nightly-backup', name: 'nightly-backup', lastBeatAt: at(65), missed: false },
    ]);
    await server.stop();
    expect(stack.push.pushesFor(subs.alice.id)).toEqual([]);
  });

  it('opens one incident and pages when a beat is missed past interval and grace, and the next beat resolves it', async () => {
    const server = await serve();
    const { alice, subs } = await registerDevices(server, stack.push);
    server.advance(minutes(10));
    await beat(server, 'nightly-backup');
    server.advance(minutes(11) - 1);
    await server.runDue();
    expect(await incidentsOf(alice)).toEqual([]);

    server.advance(1);
    await server.runDue();
    const page = await stack.push.waitForPush(subs.alice.id);
    expect(page.payload).toMatchObject({
      kind: 'page',
      title: `No heartbeat from nightly-backup since ${hour}:10, expected every 10m`,
    });
    // Later looks find the same miss: still one incident, paged once.
    server.advance(minutes(30));
    await server.runDue();
    const [incident, ...others] = await incidentsOf(alice);
    expect(others).toEqual([]);
    expect(incident).toMatchObject({
      title: `No heartbeat from nightly-backup since ${hour}:10, expected every 10m`,
      severity: 'critical',
    });
    expect(await heartbeatsOf(alice)).toMatchObject([{ missed: true, dueAt: at(21) }]);

    await beat(server, 'nightly-backup');
    const view = (await alice.request('GET', `/api/incidents/${incident.id}`)).body as IncidentView;
    expect(view.state.status).toBe('resolved');
    expect(view.timeline.find((e) => e.type === 'resolve')).toMatchObject({
      note: `The heartbeat came back: nightly-backup beat at ${hour}:51`,
      actor: { kind: 'system', name: 'Heartbeat' },
    });
    expect(await heartbeatsOf(alice)).toMatchObject([{ missed: false, lastBeatAt: at(51) }]);
    await server.stop();
    expect(stack.push.pushesFor(subs.alice.id)).toHaveLength(1);
  });

  it('pages for a heartbeat that never beat, counting from when onpoint first knew it', async () => {
    const server = await serve();
    const { alice, subs } = await registerDevices(server, stack.push);
    server.advance(minutes(11));
    await server.runDue();
    await stack.push.waitForPush(subs.alice.id);
    expect((await incidentsOf(alice)).map((i) => i.title)).toEqual([
      `No heartbeat from nightly-backup since ${hour}:00, expected every 10m`,
    ]);
  });

  it('refuses an unknown heartbeat and a wrong token, and records nothing', async () => {
    const server = await serve();
    const { alice } = await registerDevices(server, stack.push);
    expect(await beat(server, 'nightly-restore')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const wrong = await beat(server, 'nightly-backup', { headers: { Authorization: 'Bearer guess' } });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'bad_token' } } });
    expect(await heartbeatsOf(alice)).toMatchObject([{ lastBeatAt: null }]);
  });

  it('takes any body up to a bound: a curl with form data, Alertmanager JSON, or bytes that are no JSON at all', async () => {
    const server = await serve();
    const bodies: RequestInit[] = [
      { body: 'status=ok', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      {
        body: JSON.stringify({ version: '4', alerts: [{ labels: { alertname: 'Watchdog' } }] }),
        headers: { 'Content-Type': 'application/json' },
      },
      { body: '{not json', headers: { 'Content-Type': 'application/json' } },
    ];
    for (const init of bodies) expect((await beat(server, 'nightly-backup', init)).status).toBe(200);
    const huge = await beat(server, 'nightly-backup', {
      body: 'x'.repeat(300 * 1024),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(huge.status).toBe(413);
  });
});

describe('heartbeats with real server processes', () => {
  const stack = usePushStack();

  it('fires a deadline that passed while onpoint was down, once, after a restart (SQLite)', async () => {
    const env = {
      ...escalatingTeamEnv('1h', { integrations: heartbeatYaml('nightly-backup', '2s', '1s') }),
      ONPOINT_ESCALATION_TICK_MS: '100',
    };
    const first = await stack.serve({ env });
    const { subs } = await registerDevices(first, stack.push);
    expect((await beat(first, 'nightly-backup')).status).toBe(200);
    first.process.kill('SIGKILL');
    await first.stop();
    await new Promise((r) => setTimeout(r, 3500));
    expect(stack.push.pushesFor(subs.alice.id)).toHaveLength(0);

    const second = await stack.serve({ env, dataDir: first.dataDir });
    const page = await stack.push.waitForPush(subs.alice.id);
    expect(page.payload).toMatchObject({
      title: expect.stringMatching(/^No heartbeat from nightly-backup since \d\d:\d\d, expected every 2s$/),
    });
    // Many looks later there is still one page and one incident.
    await new Promise((r) => setTimeout(r, 800));
    expect(stack.push.pushesFor(subs.alice.id)).toHaveLength(1);
    const alice = await new ApiClient(second.url).login('alice@example.com');
    expect(await incidentsOf(alice)).toHaveLength(1);
  });

  it('fires each missed deadline once with two processes on one PostgreSQL', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `job-${i}`);
    const env = {
      ...escalatingTeamEnv('1h', { integrations: ids.map((id) => heartbeatYaml(id, '5s', '1s')).join('\n') }),
      DATABASE_URL: await createTestDatabase(inject('postgresUrl')),
      // Both look often, so both are awake at every deadline.
      ONPOINT_ESCALATION_TICK_MS: '50',
    };
    const [a, b]: RunningServer[] = await Promise.all([stack.serve({ env }), stack.serve({ env })]);
    // Within the 6 s they may stay quiet from the start: each beats once, then misses once.
    const { alice, subs } = await registerDevices(a, stack.push);
    await Promise.all(ids.map((id, i) => beat(i % 2 ? a : b, id)));

    await stack.push.waitForPush(subs.alice.id, ids.length, 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(stack.push.pushesFor(subs.alice.id)).toHaveLength(ids.length);
    expect((await incidentsOf(alice)).map((i) => i.title.split(' ')[3]).sort()).toEqual(ids);
  });
});
