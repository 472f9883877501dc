import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../e2e/support/api-client.js';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import type { IncidentView } from '../../shared/api.js';
import { escalatingTeamEnv, fireGroup, registerDevices } from '../test-support/escalating-team.js';
import type { InProcessServer } from '../test-support/in-process-server.js';
import { usePushStack } from '../test-support/push-stack.js';

describe('escalation, on a clock the test moves', () => {
  const stack = usePushStack();
  const serve = (firstWait: string) => stack.serveInProcess({ env: escalatingTeamEnv(firstWait) });
  const devices = (server: InProcessServer) => registerDevices(server, stack.push);
  const act = (api: ApiClient, server: InProcessServer, id: string, type: 'ack' | 'escalate') =>
    api.request('POST', `/api/incidents/${id}/actions`, { id: randomUUID(), type, occurredAt: server.clock().toISOString() });
  const climbsOf = async (api: ApiClient, id: string) =>
    ((await api.request('GET', `/api/incidents/${id}`)).body as IncidentView).timeline.filter((e) => e.type === 'escalated');

  it('pages the secondary when the primary does not acknowledge in time, and says so', async () => {
    const server = await serve('10m');
    const { alice, subs } = await devices(server);
    const id = await fireGroup(server, 'no-ack');
    const first = await stack.push.waitForPush(subs.alice.id);
    server.advance(10 * 60_000 - 1);
    await server.runDue();
    expect(await climbsOf(alice, id)).toHaveLength(1);

    server.advance(1);
    await server.runDue();
    const second = await stack.push.waitForPush(subs.bob.id);
    expect(second.topic).toBe(first.topic);
    const climbs = await climbsOf(alice, id);
    expect(Date.parse(climbs[1].occurredAt) - Date.parse(climbs[0].occurredAt)).toBe(10 * 60_000);
    expect(climbs).toMatchObject([
      { level: 1, reason: 'triggered', targets: ['alice@example.com'], label: 'Payments on-call primary' },
      { level: 2, reason: 'timeout', targets: ['bob@example.com'], label: 'Payments on-call secondary', waitedMs: 600_000 },
    ]);
  });

  it('stops climbing when the primary acknowledges', async () => {
    const server = await serve('10m');
    const { alice, subs } = await devices(server);
    const id = await fireGroup(server, 'acked');
    const other = await fireGroup(server, 'control');
    await stack.push.waitForPush(subs.alice.id, 2);
    await act(alice, server, id, 'ack');
    server.advance(10 * 60_000);
    await server.runDue();
    // Past the deadline: the other incident's climb reaching bob proves the engine ran.
    expect(await climbsOf(alice, id)).toHaveLength(1);
    expect(await climbsOf(alice, other)).toHaveLength(2);
    await server.stop();
    expect(stack.push.pushesFor(subs.bob.id).map((p) => (p.payload as { incidentId: string }).incidentId)).toEqual([other]);
  });

  it('pages the next level at once when someone presses Escalate', async () => {
    const server = await serve('1h');
    const { alice, subs } = await devices(server);
    const id = await fireGroup(server, 'help');
    await stack.push.waitForPush(subs.alice.id);
    await act(alice, server, id, 'ack');
    await act(alice, server, id, 'escalate');
    const page = await stack.push.waitForPush(subs.bob.id);
    expect(page.payload).toMatchObject({ incidentId: id });
    expect((await climbsOf(alice, id)).map((e) => e.type === 'escalated' && e.reason)).toEqual(['triggered', 'request']);
  });
});

describe('escalation with a real server process', () => {
  const stack = usePushStack();

  const serve = (firstWait: string, dataDir?: string) =>
    stack.serve({ dataDir, env: { ...escalatingTeamEnv(firstWait), ONPOINT_ESCALATION_TICK_MS: '100' } });
  const devices = (server: RunningServer) => registerDevices(server, stack.push);
  const fire = fireGroup;

  it('fires a deadline that passed while the server was down, once, after a restart', async () => {
    const first = await serve('2s');
    const { subs } = await devices(first);
    await fire(first, 'restart');
    await stack.push.waitForPush(subs.alice.id);
    first.process.kill('SIGKILL');
    await first.stop();
    await new Promise((r) => setTimeout(r, 2500));
    expect(stack.push.pushesFor(subs.bob.id)).toHaveLength(0);

    const second = await serve('2s', first.dataDir);
    await stack.push.waitForPush(subs.bob.id);
    // Several engine ticks later there is still exactly one page for bob.
    await new Promise((r) => setTimeout(r, 800));
    expect(stack.push.pushesFor(subs.bob.id)).toHaveLength(1);
    expect(stack.push.pushesFor(subs.alice.id)).toHaveLength(1);
    await second.stop();
  });
});
