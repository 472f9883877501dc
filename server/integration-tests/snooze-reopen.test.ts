import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { ApiClient } from '../../e2e/support/api-client.js';
import type { IncidentView } from '../../shared/api.js';
import type { PushPayload } from '../../shared/push-payload.js';
import { escalatingTeamEnv, fireGroup, registerDevices } from '../test-support/escalating-team.js';
import type { InProcessServer } from '../test-support/in-process-server.js';
import { usePushStack } from '../test-support/push-stack.js';
import { createTestDatabase } from '../test-support/throwaway-postgres.js';

/** Snooze and reopen, on a clock the test moves: the point person is paged again when a snooze ends; a reopen pages. */

const MIN = 60_000;
const backends = [
  { name: 'SQLite', store: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'onpoint-snooze-')), databaseUrl: undefined }) },
  {
    name: 'PostgreSQL',
    store: async () => ({ dataDir: undefined, databaseUrl: await createTestDatabase(inject('postgresUrl')) }),
  },
];

describe.each(backends)('snooze and reopen on $name', ({ store }) => {
  const stack = usePushStack();
  const serve = async (at?: Date, where?: { dataDir?: string; databaseUrl?: string }) =>
    stack.serveInProcess({ ...(where ?? (await store())), at, env: escalatingTeamEnv('10m') });

  const act = (api: ApiClient, server: InProcessServer, id: string, action: Record<string, unknown>) =>
    api.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      occurredAt: server.clock().toISOString(),
      ...action,
    });
  const snooze = (api: ApiClient, server: InProcessServer, id: string, ms: number, deviceOffMs = 0) => {
    const tapped = server.clock().getTime() + deviceOffMs;
    return act(api, server, id, {
      type: 'snooze',
      occurredAt: new Date(tapped).toISOString(),
      until: new Date(tapped + ms).toISOString(),
    });
  };
  const view = async (api: ApiClient, id: string) => (await api.request('GET', `/api/incidents/${id}`)).body as IncidentView;
  /** Written with the re-page's pushes, in one transaction: there once runDue returns (the pushes may still be on their way). */
  const endedSnoozes = async (api: ApiClient, id: string) =>
    (await view(api, id)).timeline.filter((e) => e.type === 'snooze_ended').length;
  const pagesFor = (sub: { id: string }, incidentId: string) =>
    stack.push.pushesFor(sub.id).filter((p) => (p.payload as PushPayload).incidentId === incidentId);

  /** Alice's phone is paged for a new incident, and she acknowledges it. */
  async function acknowledged(server: InProcessServer, group: string) {
    const team = await registerDevices(server, stack.push);
    const id = await fireGroup(server, group);
    await stack.push.waitForPush(team.subs.alice.id);
    expect((await act(team.alice, server, id, { type: 'ack' })).status).toBe(201);
    return { ...team, id };
  }

  it('pages the point person again when the snooze ends, and says so on the timeline', async () => {
    const server = await serve();
    const { alice, subs, id } = await acknowledged(server, 'snoozed');
    expect((await snooze(alice, server, id, 30 * MIN)).status).toBe(201);

    server.advance(30 * MIN - 1);
    await server.runDue();
    expect(await endedSnoozes(alice, id)).toBe(0);

    server.advance(1);
    await server.runDue();
    const again = await stack.push.waitForPush(subs.alice.id, 2);
    expect(again.payload).toMatchObject({ incidentId: id });
    const { timeline, state } = await view(alice, id);
    expect(state.status).toBe('acknowledged');
    expect(timeline.filter((e) => e.type === 'snooze' || e.type === 'snooze_ended').map((e) => e.type)).toEqual([
      'snooze',
      'snooze_ended',
    ]);
    await server.stop();
    expect(pagesFor(subs.alice, id)).toHaveLength(2);
    expect(pagesFor(subs.bob, id)).toHaveLength(0);
  });

  it('pages nobody when the incident was resolved or acknowledged again before the snooze ended; a later snooze replaces the first', async () => {
    const server = await serve();
    const { alice, subs, id: resolved } = await acknowledged(server, 'resolved-first');
    await snooze(alice, server, resolved, 30 * MIN);
    await act(alice, server, resolved, { type: 'resolve' });

    const resnoozed = await fireGroup(server, 'snoozed-twice');
    await stack.push.waitForPush(subs.alice.id, 2);
    await act(alice, server, resnoozed, { type: 'ack' });
    await snooze(alice, server, resnoozed, 30 * MIN);
    await snooze(alice, server, resnoozed, 4 * 60 * MIN);
    const reacked = await fireGroup(server, 'acked-again');
    await stack.push.waitForPush(subs.alice.id, 3);
    await act(alice, server, reacked, { type: 'ack' });
    await snooze(alice, server, reacked, 30 * MIN);
    await act(alice, server, reacked, { type: 'ack' });

    server.advance(30 * MIN);
    await server.runDue();
    server.advance(4 * 60 * MIN - 30 * MIN);
    await server.runDue();
    // The second snooze's end pages once: the engine ran, and neither the resolved one, the one acknowledged
    // again, nor the replaced snooze paged.
    expect([
      await endedSnoozes(alice, resnoozed),
      await endedSnoozes(alice, resolved),
      await endedSnoozes(alice, reacked),
    ]).toEqual([1, 0, 0]);
    await server.stop();
    expect(pagesFor(subs.alice, resnoozed)).toHaveLength(2);
    expect(pagesFor(subs.alice, resolved)).toHaveLength(1);
    expect(pagesFor(subs.alice, reacked)).toHaveLength(1);
  });

  it('keeps a snooze through a restart', async () => {
    const where = await store();
    const first = await serve(undefined, where);
    const { alice, subs, id } = await acknowledged(first, 'restart');
    await snooze(alice, first, id, 60 * MIN);
    await first.stop();

    const second = await serve(new Date(first.clock().getTime() + 60 * MIN), { ...where, dataDir: first.dataDir });
    await second.runDue();
    const again = await stack.push.waitForPush(subs.alice.id, 2);
    expect(again.payload).toMatchObject({ incidentId: id });
  });

  it('counts a snooze from when the tap counts, whatever the device clock said', async () => {
    const server = await serve();
    const { alice, subs, id } = await acknowledged(server, 'clock-behind');
    // A phone 3 h behind: its "until" is 30 minutes after its own tap, not 2 h 30 min ago.
    await snooze(alice, server, id, 30 * MIN, -3 * 60 * MIN);
    server.advance(30 * MIN - 1);
    await server.runDue();
    expect(await endedSnoozes(alice, id)).toBe(0);
    server.advance(1);
    await server.runDue();
    await stack.push.waitForPush(subs.alice.id, 2);
  });

  it('refuses a snooze it cannot honour, in words, and changes nothing', async () => {
    const server = await serve();
    const { alice, bob, id } = await acknowledged(server, 'refused');
    const unacked = await fireGroup(server, 'refused-unacked');
    const refusals = [
      await snooze(alice, server, id, 25 * 60 * MIN),
      await snooze(alice, server, id, 30_000),
      await snooze(bob, server, id, 30 * MIN),
      await snooze(alice, server, unacked, 30 * MIN),
      await act(alice, server, id, { type: 'reopen' }),
    ];
    const errorOf = (r: { body: unknown }) => (r.body as { error: { code: string; message: string } }).error;
    expect(refusals.map((r) => [r.status, errorOf(r).code])).toEqual([
      [400, 'snooze_length'],
      [400, 'snooze_length'],
      [403, 'not_point'],
      [409, 'not_acknowledged'],
      [409, 'not_resolved'],
    ]);
    expect(errorOf(refusals[2]).message).toBe('Only Alice, who has point, or a lead can snooze it');
    expect((await view(alice, id)).timeline.some((e) => e.type === 'snooze' || e.type === 'reopen')).toBe(false);
  });

  it('reopens a resolved incident: triggered again, paging the first level, and climbing from there', async () => {
    const server = await serve();
    const { alice, bob, subs, id } = await acknowledged(server, 'reopened');
    await act(alice, server, id, { type: 'resolve' });

    expect((await act(bob, server, id, { type: 'reopen' })).status).toBe(201);
    const page = await stack.push.waitForPush(subs.alice.id, 2);
    expect(page.payload).toMatchObject({ incidentId: id });
    const reopened = await view(bob, id);
    expect(reopened.state).toMatchObject({ status: 'triggered', point: null });
    expect(reopened.timeline.filter((e) => e.type === 'escalated').map((e) => e.type === 'escalated' && e.level)).toEqual([1, 1]);

    // Nobody acknowledges it this time: after the first level's wait, the second is paged.
    server.advance(10 * MIN);
    await server.runDue();
    const secondLevel = await stack.push.waitForPush(subs.bob.id);
    expect(secondLevel.payload).toMatchObject({ incidentId: id });
  });
});
