import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import type { IncidentView } from '../../shared/api.js';
import { escalatingTeamEnv, fireGroup, registerDevices } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';

describe('escalation with a real server process', () => {
  const stack = usePushStack();

  const serve = (firstWait: string, dataDir?: string) =>
    stack.serve({ dataDir, env: { ...escalatingTeamEnv(firstWait), ONPOINT_ESCALATION_TICK_MS: '100' } });
  const devices = (server: RunningServer) => registerDevices(server, stack.push);
  const fire = fireGroup;

  it('pages the secondary when the primary does not acknowledge in time, and says so', async () => {
    const server = await serve('1s');
    const { alice, subs } = await devices(server);
    const id = await fire(server, 'no-ack');
    const first = await stack.push.waitForPush(subs.alice.id);
    const second = await stack.push.waitForPush(subs.bob.id);
    expect(second.topic).toBe(first.topic);
    const view = (await alice.request('GET', `/api/incidents/${id}`)).body as IncidentView;
    const climbs = view.timeline.filter((e) => e.type === 'escalated');
    // The level had its full second (the pushes themselves go out from the queue a moment after each step).
    expect(Date.parse(climbs[1].occurredAt) - Date.parse(climbs[0].occurredAt)).toBeGreaterThanOrEqual(1000);
    expect(climbs).toMatchObject([
      { level: 1, reason: 'triggered', targets: ['alice@example.com'], label: 'Payments on-call primary' },
      { level: 2, reason: 'timeout', targets: ['bob@example.com'], label: 'Payments on-call secondary', waitedMs: 1000 },
    ]);
  });

  it('stops climbing when the primary acknowledges', async () => {
    const server = await serve('1s');
    const { alice, subs } = await devices(server);
    const id = await fire(server, 'acked');
    await stack.push.waitForPush(subs.alice.id);
    await alice.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'ack',
      occurredAt: new Date().toISOString(),
    });
    // Past the deadline; a second incident's climb reaching bob proves the engine kept running.
    const other = await fire(server, 'control');
    await stack.push.waitForPush(subs.bob.id);
    expect(stack.push.pushesFor(subs.bob.id).map((p) => (p.payload as { incidentId: string }).incidentId)).toEqual([other]);
  });

  it('pages the next level at once when someone presses Escalate', async () => {
    const server = await serve('1h');
    const { alice, subs } = await devices(server);
    const id = await fire(server, 'help');
    await stack.push.waitForPush(subs.alice.id);
    await alice.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'ack',
      occurredAt: new Date().toISOString(),
    });
    await alice.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'escalate',
      occurredAt: new Date().toISOString(),
    });
    const page = await stack.push.waitForPush(subs.bob.id);
    expect(page.payload).toMatchObject({ incidentId: id });
    const view = (await alice.request('GET', `/api/incidents/${id}`)).body as IncidentView;
    expect(view.timeline.filter((e) => e.type === 'escalated').map((e) => e.type === 'escalated' && e.reason)).toEqual([
      'triggered',
      'request',
    ]);
  });

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
