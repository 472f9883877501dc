import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import { readEvents } from '../../e2e/support/sse.js';
import type { IncidentView } from '../../shared/api.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import { escalatingTeamEnv, fireGroup, registerDevices, TEAM_TOKEN } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';
import { createTestDatabase } from '../test-support/throwaway-postgres.js';

/** Two real onpoint processes on one real PostgreSQL, as behind a load balancer. */
describe('several processes on one PostgreSQL', () => {
  const stack = usePushStack();

  async function twoProcesses(firstWait: string): Promise<[RunningServer, RunningServer]> {
    const databaseUrl = await createTestDatabase(inject('postgresUrl'));
    // Both wake often, so both are awake at every deadline.
    const env = { ...escalatingTeamEnv(firstWait), DATABASE_URL: databaseUrl, ONPOINT_ESCALATION_TICK_MS: '50' };
    return Promise.all([stack.serve({ env }), stack.serve({ env })]);
  }

  const timeline = async (api: ApiClient, id: string) =>
    ((await api.request('GET', `/api/incidents/${id}`)).body as IncidentView).timeline;

  it('fires each escalation deadline exactly once, with many incidents due at once', async () => {
    const [a, b] = await twoProcesses('1s');
    const { alice, subs } = await registerDevices(a, stack.push);
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => fireGroup(i % 2 ? a : b, `due-together-${i}`)));
    expect(new Set(ids).size).toBe(30);

    await stack.push.waitForPush(subs.bob.id, 30, 20_000);
    // Many ticks of both processes after the deadline: still one page each.
    await new Promise((r) => setTimeout(r, 1500));
    const bobPages = stack.push.pushesFor(subs.bob.id).map((p) => (p.payload as { incidentId: string }).incidentId);
    expect(bobPages.sort()).toEqual([...ids].sort());
    expect(stack.push.pushesFor(subs.alice.id)).toHaveLength(30);
    for (const id of ids.slice(0, 5)) {
      const climbs = (await timeline(alice, id)).filter((e) => e.type === 'escalated');
      expect(climbs.map((e) => e.type === 'escalated' && e.reason)).toEqual(['triggered', 'timeout']);
    }
  });

  it('sends live events to streams on either process, in order', async () => {
    const [a, b] = await twoProcesses('1h');
    const alice = await new ApiClient(a.url).login('alice@example.com');
    const onB = await new ApiClient(b.url).login('bob@example.com');
    const id = await fireGroup(a, 'live-across');
    const notes = ['first', 'second', 'third'];
    const reading = readEvents(`${b.url}/api/events`, { Cookie: onB.sessionCookie }, (events) =>
      notes.every((text) => events.some((e) => (e.data as TimelineEvent & { text?: string }).text === text)),
    );
    await new Promise((r) => setTimeout(r, 300));
    for (const text of notes) {
      await alice.request('POST', `/api/incidents/${id}/actions`, {
        id: randomUUID(),
        type: 'note',
        text,
        occurredAt: new Date().toISOString(),
      });
    }
    const events = (await reading).map((e) => e.data as TimelineEvent & { text?: string });
    expect(events.filter((e) => e.type === 'note').map((e) => e.text)).toEqual(notes);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('streams concurrent appends from both processes to every stream in seq order, none missing', async () => {
    const [a, b] = await twoProcesses('1h');
    const clients = await Promise.all([a, b].map((s) => new ApiClient(s.url).login('alice@example.com')));
    const incidents = await Promise.all([0, 1, 2, 3].map((i) => fireGroup(i % 2 ? a : b, `concurrent-${i}`)));
    const ids = Array.from({ length: 60 }, () => randomUUID());
    const sawAll = (events: { data: unknown }[]) => ids.every((id) => events.some((e) => (e.data as TimelineEvent).id === id));
    const streams = [a, b].map((s, i) => readEvents(`${s.url}/api/events`, { Cookie: clients[i].sessionCookie }, sawAll, 20_000));
    await new Promise((r) => setTimeout(r, 300));
    // Appends to four incidents through two processes at once: commits interleave, seqs may commit out of order.
    await Promise.all(
      ids.map((id, i) =>
        clients[i % 2].request('POST', `/api/incidents/${incidents[i % 4]}/actions`, {
          id,
          type: 'note',
          text: `n${i}`,
          occurredAt: new Date().toISOString(),
        }),
      ),
    );
    for (const events of await Promise.all(streams)) {
      const seqs = events.map((e) => (e.data as TimelineEvent).seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(sawAll(events)).toBe(true);
    }
  });

  it('opens one incident and pages once when the same group reaches both processes at the same moment', async () => {
    const [a, b] = await twoProcesses('1h');
    const { subs } = await registerDevices(a, stack.push);
    const results = [];
    for (let i = 0; i < 10; i++) {
      const payload = { ...alertmanagerFixture('firing-single-critical.json'), groupKey: `both-at-once-${i}` };
      results.push(await Promise.all([a, b].map((s) => postAlertmanager(s.url, payload, TEAM_TOKEN))));
    }
    for (const pair of results) {
      expect(pair.map((r) => r.status)).toEqual([200, 200]);
      expect(pair[0].body.incidentId).toBe(pair[1].body.incidentId);
      expect(pair.map((r) => r.body.outcome).sort()).toEqual(['duplicate', 'opened']);
    }
    await stack.push.waitForPush(subs.alice.id, 10);
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.push.pushesFor(subs.alice.id)).toHaveLength(10);
  });

  it('treats an action replayed to the other process as the same action', async () => {
    const [a, b] = await twoProcesses('1h');
    const onA = await new ApiClient(a.url).login('alice@example.com');
    const onB = await new ApiClient(b.url).login('alice@example.com');
    const id = await fireGroup(a, 'replayed');
    const ack = { id: randomUUID(), type: 'ack', occurredAt: new Date().toISOString() };
    const first = await onA.request('POST', `/api/incidents/${id}/actions`, ack);
    const again = await onB.request('POST', `/api/incidents/${id}/actions`, ack);
    expect(first.body.created).toBe(true);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, event: { id: ack.id, seq: first.body.event.seq } });
    expect((await timeline(onB, id)).filter((e) => e.type === 'ack')).toHaveLength(1);
  });
});
