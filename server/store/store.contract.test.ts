import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { IncidentDetails } from '../../shared/api.js';
import { systemClock } from '../clock.js';
import { computeInsights } from '../insights/insights.js';
import { createTestDatabase } from '../test-support/throwaway-postgres.js';
import { openPostgresStore, openSqliteStore } from './open-store.js';
import { migrations } from './migrations.js';
import { postgresClient, sqliteClient, type SqlClient } from './sql-client.js';
import { migrate, SchemaTooNewError } from './sql-store.js';
import type { IncidentRecord, NewEvent, NewPush, Store } from './store.js';

/**
 * The store contract: every operation, on SQLite and on PostgreSQL, with the same expectations. A
 * backend that passes this is one the rest of onpoint cannot tell apart from the other.
 */

interface Backend {
  name: string;
  /** A new, empty store, and a way to open the same database again. */
  fresh(): Promise<{
    store: Store;
    reopen: () => Promise<Store>;
    setSchemaVersion: (v: number) => Promise<void>;
    /** Writes behind the store's back, as an older onpoint (or a bug) would have. */
    setIncidentState: (id: string, state: string) => Promise<void>;
  }>;
  /** A new, empty database reached without the store (to write it as an older onpoint did), and the store over it. */
  bare(): Promise<{ sql: SqlClient; open: () => Promise<Store> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'contract-'));
      return {
        store: await openSqliteStore(dir, systemClock),
        reopen: () => openSqliteStore(dir, systemClock),
        setSchemaVersion: async (v) => {
          const db = new Database(join(dir, 'onpoint.sqlite'));
          db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(v);
          db.close();
        },
        setIncidentState: async (id, state) => {
          const db = new Database(join(dir, 'onpoint.sqlite'));
          db.prepare('UPDATE incidents SET state = ? WHERE id = ?').run(state, id);
          db.close();
        },
      };
    },
    async bare() {
      const dir = mkdtempSync(join(tmpdir(), 'contract-'));
      return { sql: sqliteClient(new Database(join(dir, 'onpoint.sqlite'))), open: () => openSqliteStore(dir, systemClock) };
    },
  },
  {
    name: 'PostgreSQL',
    async fresh() {
      const url = await createTestDatabase(inject('postgresUrl'));
      return {
        store: await openPostgresStore(url, systemClock),
        reopen: () => openPostgresStore(url, systemClock),
        setSchemaVersion: async (v) => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          await client.query('INSERT INTO schema_version (version) VALUES ($1)', [v]);
          await client.end();
        },
        setIncidentState: async (id, state) => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          await client.query('UPDATE incidents SET state = $1 WHERE id = $2', [state, id]);
          await client.end();
        },
      };
    },
    async bare() {
      const url = await createTestDatabase(inject('postgresUrl'));
      return { sql: postgresClient(new pg.Pool({ connectionString: url })), open: () => openPostgresStore(url, systemClock) };
    },
  },
];

const details: IncidentDetails = { source: 'alertmanager', alerts: [], truncatedAlerts: 0 };
const alice = { kind: 'person' as const, email: 'alice@example.com', name: 'Alice' };
const bob = { kind: 'person' as const, email: 'bob@example.com', name: 'Bob' };

function incident(dedupKey: string, createdAt = new Date().toISOString()): Omit<IncidentRecord, 'state'> {
  return {
    id: randomUUID(),
    dedupKey,
    title: `Alert ${dedupKey}`,
    severity: 'critical',
    pagingClass: 'always',
    playbook: null,
    details,
    createdAt,
  };
}
const event = (
  incidentId: string,
  body: Record<string, unknown>,
  actor: NewEvent['actor'] = alice,
  id = randomUUID(),
): NewEvent => ({ id, incidentId, actor, occurredAt: new Date().toISOString(), ...body }) as NewEvent;
const triggered = (incidentId: string) =>
  event(incidentId, { type: 'triggered', source: 'alertmanager', title: 't', severity: 'critical', pagingClass: 'always' }, {
    kind: 'system',
    name: 'Alertmanager',
  } as never);

/** A week of insights: Alice in Dublin, Bob in New York, two rotations. */
const week = {
  from: new Date('2026-11-23T00:00:00Z'),
  to: new Date('2026-11-30T00:00:00Z'),
  teamTimeZone: 'Europe/Dublin',
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', timeZone: 'Europe/Dublin' },
  people: [
    { email: alice.email, timeZone: 'Europe/Dublin' },
    { email: bob.email, timeZone: 'America/New_York' },
  ],
  rotations: [
    { id: 'payments', name: 'Payments on-call', members: [alice.email] },
    { id: 'lead', name: 'Engineering lead', members: [bob.email] },
  ],
};
const system = { kind: 'system' as const, name: 'onpoint' };
const alerting = (alertname: string): IncidentDetails => ({
  source: 'alertmanager',
  alerts: [{ fingerprint: alertname, status: 'firing', labels: { alertname, service: 'checkout' }, startsAt: '' }],
  truncatedAlerts: 0,
});
const at = (incidentId: string, occurredAt: string, body: Record<string, unknown>, actor: NewEvent['actor'] = alice) => ({
  ...event(incidentId, body, actor),
  occurredAt,
});
const pagedBy = (incidentId: string, occurredAt: string, person: string, rotation: string) => [
  at(
    incidentId,
    occurredAt,
    {
      type: 'escalated',
      step: 0,
      level: 1,
      reason: 'triggered',
      targets: [person],
      label: 'x',
      rotations: { [person]: rotation },
    },
    system,
  ),
  at(incidentId, occurredAt, { type: 'paged', person, deviceId: 'd', deviceName: 'Pixel' }, system),
];

/**
 * A week as an older onpoint stored it: a 03:00 page acknowledged from a phone whose clock said 1900, handed
 * to Bob and not actionable; a disk alert that resolved itself; an incident declared by hand.
 */
function pastWeek() {
  const checkout = { ...incident('checkout', '2026-11-23T03:00:00.000Z'), details: alerting('CheckoutHighErrorRate') };
  const disk = { ...incident('disk', '2026-11-24T12:00:00.000Z'), details: alerting('NodeDiskFull') };
  const declared = { ...incident('declared', '2026-11-25T10:00:00.000Z'), details: { ...details, source: 'manual' as const } };
  return [
    {
      incident: checkout,
      events: [
        ...pagedBy(checkout.id, '2026-11-23T03:00:00.000Z', alice.email, 'payments'),
        at(checkout.id, '1900-01-01T00:00:00.000Z', { type: 'ack' }),
        at(checkout.id, '2026-11-23T03:20:00.000Z', { type: 'handoff', to: bob.email }),
        at(checkout.id, '2026-11-23T04:00:00.000Z', { type: 'resolve', note: 'rolled back' }, bob),
        at(checkout.id, '2026-11-23T04:01:00.000Z', { type: 'actionable', value: false }, bob),
      ],
    },
    {
      incident: disk,
      events: [
        ...pagedBy(disk.id, '2026-11-24T12:00:00.000Z', bob.email, 'lead'),
        at(disk.id, '2026-11-24T12:05:00.000Z', { type: 'resolve' }, { kind: 'system', name: 'Alertmanager' }),
      ],
    },
    {
      incident: declared,
      events: [
        at(declared.id, '2026-11-25T10:01:00.000Z', { type: 'ack' }),
        at(declared.id, '2026-11-25T10:30:00.000Z', { type: 'resolve' }),
      ],
    },
  ];
}

describe.each(backends)('store contract on $name', (backend) => {
  const opened: Store[] = [];
  const fresh = async () => {
    const made = await backend.fresh();
    opened.push(made.store);
    return made;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
  });

  it('keeps settings, the first value set winning', async () => {
    const { store } = await fresh();
    expect(await store.getSetting('vapid')).toBeNull();
    expect(await store.initSetting('vapid', 'first')).toBe('first');
    expect(await store.initSetting('vapid', 'second')).toBe('first');
    expect(await store.getSetting('vapid')).toBe('first');
    await store.setSetting('vapid', 'third');
    await store.setSetting('reducer-version', '1');
    expect([await store.getSetting('vapid'), await store.getSetting('reducer-version')]).toEqual(['third', '1']);
  });

  it('stores password hashes and sessions that expire', async () => {
    const { store } = await fresh();
    await store.setPasswordHash('alice@example.com', 'h1');
    await store.setPasswordHash('alice@example.com', 'h2');
    expect(await store.getPasswordHash('alice@example.com')).toBe('h2');
    expect(await store.getPasswordHash('bob@example.com')).toBeNull();
    const session = { email: 'alice@example.com', createdAt: '2026-10-24T10:00:00.000Z', expiresAt: '2026-11-23T10:00:00.000Z' };
    await store.createSession('s1', session);
    expect(await store.getSession('s1', '2026-11-23T09:59:59.000Z')).toEqual(session);
    expect(await store.getSession('s1', '2026-11-23T10:00:01.000Z')).toBeNull();
    await store.deleteSession('s1');
    expect(await store.getSession('s1', '2026-11-23T09:00:00.000Z')).toBeNull();
  });

  it("ends all of a person's sessions when their password is set, or when they ask, and nobody else's", async () => {
    const { store } = await fresh();
    const at = '2026-11-01T00:00:00.000Z';
    const session = (email: string) => ({ email, createdAt: '2026-10-30T00:00:00.000Z', expiresAt: '2026-11-29T00:00:00.000Z' });
    await store.createSession('a1', session('alice@example.com'));
    await store.createSession('a2', session('alice@example.com'));
    await store.createSession('b1', session('bob@example.com'));
    await store.setPasswordHash('alice@example.com', 'new');
    expect(await store.getSession('a1', at)).toBeNull();
    expect(await store.getSession('a2', at)).toBeNull();
    expect(await store.getSession('b1', at)).not.toBeNull();

    await store.createSession('b2', session('bob@example.com'));
    expect(await store.deleteSessionsOf('bob@example.com')).toBe(2);
    expect(await store.getSession('b2', at)).toBeNull();
  });

  it("counts a person's calendar link resets, from 0", async () => {
    const { store } = await fresh();
    expect(await store.getCalendarGeneration('alice@example.com')).toBe(0);
    expect(await store.advanceCalendarGeneration('alice@example.com')).toBe(1);
    expect(await store.advanceCalendarGeneration('alice@example.com')).toBe(2);
    expect(await store.getCalendarGeneration('alice@example.com')).toBe(2);
    expect(await store.getCalendarGeneration('bob@example.com')).toBe(0);
  });

  it('registers a device once per endpoint, and only its owner removes it', async () => {
    const { store } = await fresh();
    const base = {
      email: 'alice@example.com',
      endpoint: 'https://push.example/1',
      p256dh: 'k',
      auth: 'a',
      createdAt: '2026-11-23T01:00:00.000Z',
    };
    const first = await store.upsertDevice({ ...base, id: 'd1', name: 'Pixel' });
    const again = await store.upsertDevice({ ...base, id: 'd2', name: 'Pixel 8' });
    expect(again).toMatchObject({ id: first.id, name: 'Pixel 8', lastDeliveredAt: null });
    expect((await store.listDevices('alice@example.com')).map((d) => d.name)).toEqual(['Pixel 8']);
    expect(await store.markDeviceDelivered('d1', '2026-11-23T02:00:00.000Z')).toMatchObject({
      lastDeliveredAt: '2026-11-23T02:00:00.000Z',
    });
    expect(await store.deleteDevice('d1', 'bob@example.com')).toBe(false);
    expect(await store.deleteDevice('d1', 'alice@example.com')).toBe(true);
    expect(await store.markDeviceDelivered('d1', '2026-11-23T03:00:00.000Z')).toBeNull();
  });

  it('opens one incident per open dedup key, even when two open it at the same moment', async () => {
    const { store } = await fresh();
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => {
        const candidate = incident('group-1');
        return store.openIncident(candidate, [triggered(candidate.id)], null);
      }),
    );
    expect(attempts.filter((a) => a.created)).toHaveLength(1);
    const winner = attempts.find((a) => a.created)!;
    expect(new Set(attempts.map((a) => a.incident.id))).toEqual(new Set([winner.incident.id]));
    expect(winner.events.map((e) => e.type)).toEqual(['triggered']);
    expect(await store.listEvents(winner.incident.id)).toHaveLength(1);
    expect(await store.countOpenIncidents()).toBe(1);

    // Once resolved, the same key opens a new incident; the latest is the open one.
    await store.appendEvents([event(winner.incident.id, { type: 'resolve' })]);
    const next = await store.openIncident(incident('group-1', new Date(Date.now() + 1000).toISOString()), [], null);
    expect(next.created).toBe(true);
    expect((await store.findLatestIncident('group-1'))?.id).toBe(next.incident.id);
    expect((await store.listIncidents(10)).map((i) => i.id)).toEqual([next.incident.id, winner.incident.id]);
  });

  it('appends events idempotently, folding state, and refuses an id used on another incident', async () => {
    const { store } = await fresh();
    const { incident: a } = await store.openIncident(incident('a'), [], null);
    const { incident: b } = await store.openIncident(incident('b'), [], null);
    const ack = event(a.id, { type: 'ack', via: 'notification' });
    const [first] = await store.appendEvents([ack]);
    expect(first).toMatchObject({ created: true, state: { status: 'acknowledged', point: 'alice@example.com' } });
    expect(first.event.via).toBe('notification');
    const [replay] = await store.appendEvents([ack]);
    expect(replay).toMatchObject({ created: false, event: { seq: first.event.seq, recordedAt: first.event.recordedAt } });
    expect(await store.getEvent(ack.id)).toEqual(first.event);
    await expect(store.appendEvents([{ ...ack, incidentId: b.id }])).rejects.toMatchObject({ code: 'EVENT_ID_CONFLICT' });
    expect(await store.listEvents(b.id)).toEqual([]);
    expect((await store.getIncident(a.id))?.state.point).toBe('alice@example.com');
  });

  it("folds an incident's state again from its timeline: a state another reducer wrote is corrected, others are left", async () => {
    const { store, setIncidentState } = await fresh();
    const ids: string[] = [];
    for (const key of ['r1', 'r2', 'r3']) {
      const { incident: opened } = await store.openIncident(incident(key), [], null);
      ids.push(opened.id);
    }
    for (const id of ids) await store.appendEvents([event(id, { type: 'ack' }), event(id, { type: 'resolve' }, bob)]);
    const walked = [...(await store.listIncidentIds('', 2)), ...(await store.listIncidentIds([...ids].sort()[1], 2))];
    expect(walked).toEqual([...ids].sort());

    const [old] = ids;
    const right = (await store.getIncident(old))!.state;
    // What an older reducer might have made of it: never resolved, and a field this one does not know.
    await setIncidentState(old, JSON.stringify({ ...right, status: 'acknowledged', resolvedAt: null, retired: true }));
    expect(await store.refoldIncident(old)).toBe(true);
    expect((await store.getIncident(old))!.state).toEqual(right);
    expect(await store.refoldIncident(old)).toBe(false);
    expect(await store.refoldIncident(ids[1])).toBe(false);
  });

  it('keeps every concurrent append and a state that folds all of them', async () => {
    const { store } = await fresh();
    const { incident: open } = await store.openIncident(incident('busy'), [], null);
    const notes = Array.from({ length: 20 }, (_, i) => event(open.id, { type: 'note', text: `n${i}` }, i % 2 ? alice : bob));
    await Promise.all([...notes.map((n) => store.appendEvents([n])), store.appendEvents([event(open.id, { type: 'ack' }, bob)])]);
    const events = await store.listEvents(open.id);
    expect(events).toHaveLength(21);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((x, y) => x - y));
    const state = (await store.getIncident(open.id))!.state;
    expect(state).toMatchObject({ status: 'acknowledged', point: 'bob@example.com', lastSeq: events.at(-1)!.seq });
  });

  it('replaces alert details together with the events that describe the change, and pages through events by seq', async () => {
    const { store } = await fresh();
    const { incident: open } = await store.openIncident(incident('d'), [], null);
    const changed = { ...details, truncatedAlerts: 3 };
    await store.updateIncident(open.id, changed, [event(open.id, { type: 'alerts_changed', firing: ['f1'], resolved: [] })]);
    expect((await store.getIncident(open.id))?.details.truncatedAlerts).toBe(3);
    await store.appendEvents([event(open.id, { type: 'note', text: 'a' }), event(open.id, { type: 'note', text: 'b' })]);
    const all = await store.eventsAfter(0, 100);
    expect(all.map((e) => e.type)).toEqual(['alerts_changed', 'note', 'note']);
    expect((await store.eventsAfter(all[0].seq, 1)).map((e) => e.seq)).toEqual([all[1].seq]);
  });

  it('keeps overrides, listing the ones still ahead and removing with a record of who did', async () => {
    const { store } = await fresh();
    const cover = {
      id: 'o1',
      rotationId: 'payments',
      role: 'primary' as const,
      person: 'bob@example.com',
      start: '2026-11-23T18:00:00.000Z',
      end: '2026-11-23T23:00:00.000Z',
      createdBy: 'bob@example.com',
      createdAt: '2026-11-23T09:00:00.000Z',
    };
    await store.createOverride(cover);
    expect(await store.listOverrides('2026-11-23T20:00:00.000Z')).toEqual([cover]);
    expect(await store.listOverrides('2026-11-23T23:30:00.000Z')).toEqual([]);
    expect(await store.removeOverride('o1', 'alice@example.com', '2026-11-23T10:00:00.000Z')).toBe(true);
    expect(await store.removeOverride('o1', 'alice@example.com', '2026-11-23T10:00:00.000Z')).toBe(false);
    expect(await store.listOverrides('2026-11-23T20:00:00.000Z')).toEqual([]);
  });

  it('keeps heartbeat deadlines: due ones leased to one claimer, missed once, cleared by a beat', async () => {
    const { store, reopen } = await fresh();
    const minute = 60_000;
    await store.syncHeartbeats([{ id: 'backup', periodMs: 10 * minute }], '2026-11-23T03:00:00.000Z');
    await store.syncHeartbeats([{ id: 'backup', periodMs: 10 * minute }], '2026-11-23T03:05:00.000Z');
    const known = { id: 'backup', firstKnownAt: '2026-11-23T03:00:00.000Z', lastBeatAt: null, missedAt: null };
    expect(await store.listHeartbeats()).toEqual([{ ...known, dueAt: '2026-11-23T03:10:00.000Z' }]);
    expect(await store.recordBeat('restore', '2026-11-23T03:06:00.000Z', '2026-11-23T03:16:00.000Z')).toBeNull();
    expect(await store.claimDueHeartbeats(['backup'], '2026-11-23T03:09:59.000Z', 10)).toEqual([]);

    const [claimA, claimB] = await Promise.all([
      store.claimDueHeartbeats(['backup'], '2026-11-23T03:10:00.000Z', 10),
      store.claimDueHeartbeats(['backup'], '2026-11-23T03:10:00.000Z', 10),
    ]);
    expect([...claimA, ...claimB]).toEqual([{ ...known, dueAt: '2026-11-23T03:10:00.000Z' }]);
    // Not a configured one: never claimed.
    expect(await store.claimDueHeartbeats(['other'], '2026-11-23T03:30:00.000Z', 10)).toEqual([]);
    const marks = await Promise.all([
      store.markHeartbeatMissed('backup', '2026-11-23T03:10:00.000Z', '2026-11-23T03:10:01.000Z'),
      store.markHeartbeatMissed('backup', '2026-11-23T03:10:00.000Z', '2026-11-23T03:10:01.000Z'),
    ]);
    expect(marks.filter(Boolean)).toHaveLength(1);
    // Missed stays missed, across a restart with a longer interval, until a beat.
    await (await reopen()).syncHeartbeats([{ id: 'backup', periodMs: 60 * minute }], '2026-11-23T04:00:00.000Z');
    expect(await store.claimDueHeartbeats(['backup'], '2026-11-23T05:00:00.000Z', 10)).toEqual([]);
    expect(await store.recordBeat('backup', '2026-11-23T05:00:00.000Z', '2026-11-23T06:00:00.000Z')).toEqual({ wasMissed: true });
    expect(await store.recordBeat('backup', '2026-11-23T05:01:00.000Z', '2026-11-23T06:01:00.000Z')).toEqual({
      wasMissed: false,
    });
    expect(await store.listHeartbeats()).toEqual([
      { ...known, lastBeatAt: '2026-11-23T05:01:00.000Z', dueAt: '2026-11-23T06:01:00.000Z' },
    ]);
    // A beat that moved the deadline wins over a claimer still holding the old one.
    expect(await store.markHeartbeatMissed('backup', '2026-11-23T03:10:00.000Z', '2026-11-23T05:02:00.000Z')).toBe(false);
  });

  it('moves an escalation timer only from the exact step and due time, and leases due ones to one claimer', async () => {
    const { store } = await fresh();
    const { incident: open } = await store.openIncident(incident('t'), [], null);
    const t0 = { step: 0, dueAt: '2026-11-23T03:05:00.000Z' };
    expect(await store.advanceEscalationTimer(open.id, null, t0)).toBe(true);
    expect(await store.advanceEscalationTimer(open.id, null, { step: 0, dueAt: '2026-11-23T04:00:00.000Z' })).toBe(false);
    expect(await store.claimDueEscalationTimers('2026-11-23T03:04:59.000Z', 10)).toEqual([]);

    const [claimA, claimB] = await Promise.all([
      store.claimDueEscalationTimers('2026-11-23T03:05:00.000Z', 10),
      store.claimDueEscalationTimers('2026-11-23T03:05:00.000Z', 10),
    ]);
    expect([...claimA, ...claimB]).toEqual([{ incidentId: open.id, ...t0, requested: false, confirmAt: null }]);
    // The lease runs out: a claimer that died leaves it to the next.
    expect(await store.claimDueEscalationTimers('2026-11-23T03:05:10.000Z', 10)).toEqual([]);
    expect(await store.claimDueEscalationTimers('2026-11-23T03:05:16.000Z', 10)).toHaveLength(1);

    const t1 = { step: 1, dueAt: '2026-11-23T03:15:00.000Z' };
    const moves = await Promise.all([
      store.advanceEscalationTimer(open.id, t0, t1),
      store.advanceEscalationTimer(open.id, t0, t1),
    ]);
    expect(moves.filter(Boolean)).toHaveLength(1);
    expect(await store.getEscalationTimer(open.id)).toEqual({ incidentId: open.id, ...t1, requested: false, confirmAt: null });
    expect(await store.claimDueEscalationTimers('2026-11-23T03:15:00.000Z', 10)).toHaveLength(1);
    expect(await store.advanceEscalationTimer(open.id, t0, null)).toBe(false);
    expect(await store.advanceEscalationTimer(open.id, t1, null)).toBe(true);
    expect(await store.getEscalationTimer(open.id)).toBeNull();
  });

  const push = (incidentId: string | null, over: Partial<NewPush> = {}): NewPush => ({
    id: randomUUID(),
    incidentId,
    step: 0,
    deviceId: 'dev-1',
    email: 'alice@example.com',
    kind: 'page',
    message: { kind: 'page', incidentId, title: 't', severity: 'critical', summary: 's', url: '/' },
    topic: 'topic',
    urgency: 'high',
    origin: 'https://push.example',
    createdAt: '2026-11-23T03:00:00.000Z',
    expiresAt: '2026-11-23T04:00:00.000Z',
    ...over,
  });
  const device = (id: string, endpoint = `https://push.example/${id}`) => ({
    id,
    email: 'alice@example.com',
    name: `Phone ${id}`,
    endpoint,
    p256dh: 'k',
    auth: 'a',
    createdAt: '2026-11-23T00:00:00.000Z',
  });

  it('takes an escalation step whole: timer, events and pushes together, or none of them', async () => {
    const { store } = await fresh();
    const { incident: open } = await store.openIncident(incident('step'), [], { step: -2, dueAt: '2026-11-23T03:00:00.000Z' });
    const from = { step: -2, dueAt: '2026-11-23T03:00:00.000Z' };
    const next = { step: 0, dueAt: '2026-11-23T03:05:00.000Z', confirmAt: '2026-11-23T03:02:00.000Z' };
    const taken = await store.takeEscalationStep({
      incidentId: open.id,
      from,
      next,
      events: [event(open.id, { type: 'not_paged', reason: 'x' })],
      pushes: [push(open.id)],
    });
    expect(taken).toHaveLength(1);
    // The same step seen by a second process: nothing more is written.
    const again = await store.takeEscalationStep({
      incidentId: open.id,
      from,
      next,
      events: [event(open.id, { type: 'note', text: 'dup' })],
      pushes: [push(open.id)],
    });
    expect(again).toBeNull();
    expect((await store.listEvents(open.id)).map((e) => e.type)).toEqual(['not_paged']);
    expect(await store.pendingPushes()).toEqual({ count: 1, oldestCreatedAt: '2026-11-23T03:00:00.000Z' });
    // Due again when the confirmation deadline comes, before the level's own.
    expect(await store.claimDueEscalationTimers('2026-11-23T03:02:00.000Z', 10)).toEqual([
      { incidentId: open.id, step: 0, dueAt: next.dueAt, requested: false, confirmAt: next.confirmAt },
    ]);
  });

  it('claims due pushes once, skips busy push services, and settles them with their events', async () => {
    const { store } = await fresh();
    await store.upsertDevice(device('dev-1'));
    await store.upsertDevice(device('dev-2', 'https://other.example/dev-2'));
    const { incident: open } = await store.openIncident(incident('q'), [], null);
    const a = push(open.id);
    const b = push(open.id, { deviceId: 'dev-2', origin: 'https://other.example' });
    const later = push(open.id, { createdAt: '2026-11-23T03:30:00.000Z' });
    await store.enqueuePushes([a, b, later], []);
    const lease = '2026-11-23T03:01:00.000Z';
    const [one, two] = await Promise.all([
      store.claimDuePushes('2026-11-23T03:00:00.000Z', lease, 10, []),
      store.claimDuePushes('2026-11-23T03:00:00.000Z', lease, 10, []),
    ]);
    expect([...one, ...two].map((j) => j.id).sort()).toEqual([a.id, b.id].sort());
    const job = [...one, ...two].find((j) => j.id === b.id)!;
    expect(job).toMatchObject({
      attempts: 0,
      minimal: false,
      incidentStatus: 'triggered',
      device: { name: 'Phone dev-2', endpoint: 'https://other.example/dev-2' },
    });
    // A retry, then a lease that runs out, bring it back; a busy origin is left alone.
    await store.settlePushes(
      [
        {
          id: a.id,
          status: 'pending',
          attempts: 1,
          nextAttemptAt: '2026-11-23T03:00:10.000Z',
          lastError: 'push service answered 503',
        },
      ],
      [],
    );
    expect(await store.claimDuePushes('2026-11-23T03:00:05.000Z', lease, 10, [])).toEqual([]);
    expect(
      (await store.claimDuePushes('2026-11-23T03:00:10.000Z', lease, 10, ['https://push.example'])).map((j) => j.id),
    ).toEqual([]);
    const retried = await store.claimDuePushes('2026-11-23T03:00:10.000Z', lease, 10, []);
    expect(retried).toMatchObject([{ id: a.id, attempts: 1, lastError: 'push service answered 503' }]);
    // Settled: sent with its timeline line; gone removes the device in the same transaction.
    const results = await store.settlePushes(
      [
        { id: a.id, status: 'sent', attempts: 2, sentAt: '2026-11-23T03:00:11.000Z' },
        { id: b.id, status: 'gone', attempts: 1, removeDevice: 'dev-2' },
      ],
      [event(open.id, { type: 'paged', person: 'alice@example.com', deviceId: 'dev-1', deviceName: 'Phone dev-1' })],
    );
    expect(results.map((r) => r.event.type)).toEqual(['paged']);
    expect((await store.listDevices('alice@example.com')).map((d) => d.id)).toEqual(['dev-1']);
    expect(await store.pendingPushes()).toMatchObject({ count: 1 });
    expect(await store.confirmPush(a.id, '2026-11-23T03:00:12.000Z')).toBe(true);
    expect(await store.confirmPush('no-such-push', '2026-11-23T03:00:12.000Z')).toBe(false);
    expect(await store.stepConfirmed(open.id, 0)).toBe(true);
    expect(await store.stepConfirmed(open.id, 1)).toBe(false);
  });

  it('gives a device a new subscription in place: its queued pushes follow, and a gone send to the old endpoint keeps it', async () => {
    const { store } = await fresh();
    await store.upsertDevice(device('dev-1'));
    await store.upsertDevice(device('dev-2', 'https://other.example/dev-2'));
    await store.upsertDevice({ ...device('dev-b', 'https://push.example/dev-b'), email: 'bob@example.com' });
    const { incident: open } = await store.openIncident(incident('rotate'), [], null);
    const inFlight = push(open.id);
    const waiting = push(open.id, { createdAt: '2026-11-23T03:05:00.000Z' });
    await store.enqueuePushes([inFlight, waiting], []);
    expect((await store.claimDuePushes('2026-11-23T03:00:00.000Z', '2026-11-23T03:30:00.000Z', 10, [])).map((j) => j.id)).toEqual(
      [inFlight.id],
    );
    // The old push service is struggling: the waiting page backs off.
    await store.settlePushes([{ id: waiting.id, status: 'pending', attempts: 1, nextAttemptAt: '2026-11-23T03:20:00.000Z' }], []);

    const fresh1 = { endpoint: 'https://fcm.example/new-1', p256dh: 'k2', auth: 'a2', at: '2026-11-23T03:06:00.000Z' };
    // Only the person's own device, found by id or by the endpoint it had.
    expect(await store.replaceDevice({ ...fresh1, email: 'bob@example.com', deviceId: 'dev-1' })).toBeNull();
    expect(await store.replaceDevice({ ...fresh1, email: 'alice@example.com', deviceId: 'no-such-device' })).toBeNull();
    expect(
      await store.replaceDevice({ ...fresh1, email: 'alice@example.com', oldEndpoint: 'https://push.example/dev-b' }),
    ).toBeNull();
    const replaced = await store.replaceDevice({ ...fresh1, email: 'alice@example.com', deviceId: 'dev-1' });
    expect(replaced).toMatchObject({ id: 'dev-1', name: 'Phone dev-1', endpoint: fresh1.endpoint, p256dh: 'k2', auth: 'a2' });
    expect((await store.listDevices('alice@example.com')).map((d) => [d.id, d.endpoint])).toEqual([
      ['dev-1', fresh1.endpoint],
      ['dev-2', 'https://other.example/dev-2'],
    ]);

    // The waiting page is due now, on the new push service's origin, and goes to the new endpoint.
    const lease = '2026-11-23T03:07:00.000Z';
    expect(await store.claimDuePushes(fresh1.at, lease, 10, ['https://fcm.example'])).toEqual([]);
    expect(await store.claimDuePushes(fresh1.at, lease, 10, [])).toMatchObject([
      { id: waiting.id, origin: 'https://fcm.example', device: { name: 'Phone dev-1', endpoint: fresh1.endpoint, p256dh: 'k2' } },
    ]);
    // The send that was already on its way to the old endpoint comes back gone: the device stays.
    await store.settlePushes([{ id: inFlight.id, status: 'gone', attempts: 1, removeDevice: 'dev-1' }], []);
    expect((await store.listDevices('alice@example.com')).map((d) => d.id)).toEqual(['dev-1', 'dev-2']);

    // By the old endpoint, with a new name; a row already holding the new endpoint goes (one browser, one subscription).
    const moved = await store.replaceDevice({
      ...fresh1,
      email: 'alice@example.com',
      oldEndpoint: 'https://other.example/dev-2',
      name: 'Laptop',
    });
    expect(moved).toMatchObject({ id: 'dev-2', name: 'Laptop', endpoint: fresh1.endpoint });
    // Sent again (a retry that was answered): the same.
    expect(await store.replaceDevice({ ...fresh1, email: 'alice@example.com', deviceId: 'dev-2' })).toMatchObject({
      id: 'dev-2',
      name: 'Laptop',
    });
    expect((await store.listDevices('alice@example.com')).map((d) => d.id)).toEqual(['dev-2']);
    expect((await store.listDevices('bob@example.com')).map((d) => d.endpoint)).toEqual(['https://push.example/dev-b']);
  });

  it("lists a person's devices with the newest page sent to each and whether it was confirmed", async () => {
    const { store } = await fresh();
    await store.upsertDevice(device('dev-1'));
    await store.upsertDevice(device('dev-2', 'https://other.example/dev-2'));
    const { incident: open } = await store.openIncident(incident('last-page'), [], null);
    const first = push(open.id, { createdAt: '2026-11-23T01:00:00.000Z' });
    const second = push(open.id, { createdAt: '2026-11-23T02:00:00.000Z' });
    const quiet = push(open.id, { kind: 'quiet', createdAt: '2026-11-23T02:30:00.000Z' });
    const pending = push(open.id, { createdAt: '2026-11-23T02:40:00.000Z' });
    await store.enqueuePushes([first, second, quiet, pending], []);
    await store.claimDuePushes('2026-11-23T03:00:00.000Z', '2026-11-23T03:01:00.000Z', 10, []);
    await store.settlePushes(
      [
        { id: first.id, status: 'sent', attempts: 1, sentAt: '2026-11-23T01:00:01.000Z' },
        { id: second.id, status: 'sent', attempts: 1, sentAt: '2026-11-23T02:00:01.000Z' },
        { id: quiet.id, status: 'sent', attempts: 1, sentAt: '2026-11-23T02:30:01.000Z' },
        { id: pending.id, status: 'pending', attempts: 1, nextAttemptAt: '2026-11-23T03:10:00.000Z' },
      ],
      [],
    );
    await store.confirmPush(first.id, '2026-11-23T01:00:02.000Z');
    const statuses = async () =>
      (await store.listDeviceStatuses('alice@example.com')).map((d) => ({ id: d.id, lastPage: d.lastPage }));
    expect(await statuses()).toEqual([
      { id: 'dev-1', lastPage: { sentAt: '2026-11-23T02:00:01.000Z', confirmedAt: null } },
      { id: 'dev-2', lastPage: null },
    ]);
    await store.confirmPush(second.id, '2026-11-23T02:00:03.000Z');
    expect((await statuses())[0].lastPage).toEqual({
      sentAt: '2026-11-23T02:00:01.000Z',
      confirmedAt: '2026-11-23T02:00:03.000Z',
    });
    expect(await store.listDeviceStatuses('bob@example.com')).toEqual([]);
  });

  it('an acknowledgement cancels the pages still queued; Escalate makes the next level due in the same write', async () => {
    const { store } = await fresh();
    const { incident: open } = await store.openIncident(incident('ack'), [], null);
    await store.enqueuePushes([push(open.id), push(open.id, { kind: 'point' })], []);
    await store.appendEvents([event(open.id, { type: 'escalate' }, alice)]);
    const timer = await store.getEscalationTimer(open.id);
    expect(timer).toMatchObject({ step: -1, requested: true });
    await store.appendEvents([event(open.id, { type: 'ack' }, alice)]);
    // The "you have point" push still goes; the page does not.
    expect(await store.pendingPushes()).toMatchObject({ count: 1 });
    await store.appendEvents([event(open.id, { type: 'resolve' }, alice)]);
    expect(await store.getEscalationTimer(open.id)).toBeNull();
  });

  it("raises an open incident's class and starts its climb over unless it is climbing", async () => {
    const { store } = await fresh();
    const { incident: quiet } = await store.openIncident(incident('raise'), [], { step: -1, dueAt: '2026-11-23T09:00:00.000Z' });
    const start = { step: -2, dueAt: '2026-11-23T03:00:00.000Z' };
    await store.updateIncident(quiet.id, details, [], { severity: 'critical', pagingClass: 'always', startPaging: start });
    expect(await store.getIncident(quiet.id)).toMatchObject({ severity: 'critical', pagingClass: 'always' });
    expect(await store.getEscalationTimer(quiet.id)).toMatchObject(start);
    const { incident: climbing } = await store.openIncident(incident('climbing'), [], {
      step: 1,
      dueAt: '2026-11-23T03:10:00.000Z',
    });
    await store.updateIncident(climbing.id, details, [], { severity: 'critical', pagingClass: 'always', startPaging: start });
    expect(await store.getEscalationTimer(climbing.id)).toMatchObject({ step: 1, dueAt: '2026-11-23T03:10:00.000Z' });
  });

  it('keeps the insights figures in step with each event appended: ack, handoff, resolve, answer', async () => {
    const { store } = await fresh();
    const [{ incident: checkout, events }] = pastWeek();
    const [escalated, paged, ack, handoff, resolve, answer] = events;
    const figures = async () => {
      const insights = await computeInsights(store.insights, week);
      const hours = (email: string) => insights.people.find((p) => p.email === email)!.nightHoursOnPoint;
      return { rule: insights.rules[0], alice: hours(alice.email), bob: hours(bob.email), insights };
    };
    await store.openIncident(checkout, [escalated, paged], null);
    expect((await figures()).rule).toMatchObject({ pages: 1, medianAckMs: null, medianResolveMs: null });
    expect((await figures()).insights.people[0]).toMatchObject({ pages: 1, nightPages: 1, nightHoursOnPoint: 0 });

    // The 1900 tap counts as the moment the incident opened; Alice holds point to the end of the week.
    await store.appendEvents([ack]);
    // 03:00–07:00 on Monday, six whole nights of 9 hours, and 22:00–00:00 on Sunday.
    expect(await figures()).toMatchObject({ rule: { medianAckMs: 0 }, alice: 60, bob: 0 });

    await store.appendEvents([handoff]);
    // Alice 03:00–03:20; Bob from 22:20 on Sunday, New York time, to the end of the week.
    expect(await figures()).toMatchObject({ alice: 0.3, bob: 62.7 });

    await store.appendEvents([resolve]);
    expect(await figures()).toMatchObject({ rule: { medianResolveMs: 3_600_000, unanswered: 1 }, alice: 0.3, bob: 0.7 });

    await store.appendEvents([answer]);
    expect((await figures()).rule).toMatchObject({ notActionable: 1, unanswered: 0, precision: 0 });
  });

  it('folds the timelines of a database written before the facts existed: the same insights as appending them now', async () => {
    const { sql, open } = await backend.bare();
    await migrate(
      sql,
      migrations.filter((m) => m.version <= 6),
    );
    for (const { incident: i, events } of pastWeek()) {
      await sql.run(
        `INSERT INTO incidents (id, dedup_key, title, severity, paging_class, playbook, details, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?)`,
        [i.id, i.dedupKey, i.title, i.severity, i.pagingClass, i.playbook, JSON.stringify(i.details), i.createdAt],
      );
      for (const { id, incidentId, actor, via: _via, occurredAt, ...body } of events) {
        // Recorded a few minutes after the page, as the server heard of it.
        await sql.run(
          `INSERT INTO events (id, incident_id, type, actor, via, occurred_at, recorded_at, body) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`,
          [id, incidentId, body.type, JSON.stringify(actor), occurredAt, '2026-11-26T00:00:00.000Z', JSON.stringify(body)],
        );
      }
    }
    await sql.close();
    const migrated = await open();
    opened.push(migrated);

    const { store: live } = await fresh();
    for (const { incident: i, events } of pastWeek()) await live.openIncident(i, events, null);

    const backfilled = await computeInsights(migrated.insights, week);
    expect(backfilled).toEqual(await computeInsights(live.insights, week));
    expect(backfilled).toMatchObject({ incidents: 3, declared: 1, weekly: [{ weekStart: '2026-11-23', pages: 2 }] });
    expect(backfilled.rules).toMatchObject([
      { rule: { alertname: 'CheckoutHighErrorRate' }, pages: 1, notActionable: 1, outOfHours: 1, medianAckMs: 0 },
      { rule: { alertname: 'NodeDiskFull' }, pages: 1, resolvedWithoutAction: 1, outOfHours: 0, medianResolveMs: 300_000 },
    ]);
    expect(backfilled.people).toMatchObject([
      { email: alice.email, pages: 1, nightPages: 1, nightHoursOnPoint: 0.3 },
      { email: bob.email, pages: 1, nightPages: 0, nightHoursOnPoint: 0.7 },
    ]);
  });

  it('keeps the same facts rows whether a timeline is appended event by event or written at once', async () => {
    const factsRows = async (sql: SqlClient) => ({
      facts: await sql.all('SELECT * FROM incident_facts ORDER BY incident_id'),
      pages: await sql.all('SELECT * FROM incident_pages ORDER BY incident_id, at_ms, email'),
      spans: await sql.all('SELECT * FROM incident_point_spans ORDER BY incident_id, from_ms, email'),
    });
    const whole = await backend.bare();
    const stepwise = await backend.bare();
    const [wholeStore, stepStore] = [await whole.open(), await stepwise.open()];
    opened.push(wholeStore, stepStore);
    for (const { incident: i, events } of pastWeek()) {
      await wholeStore.openIncident(i, events, null);
      await stepStore.openIncident(i, events.slice(0, 1), null);
      // Then every event in its own transaction, as a night appends them.
      const [, ...rest] = events;
      for (const event of rest) await stepStore.appendEvents([event]);
    }
    const expected = await factsRows(whole.sql);
    expect(expected.pages.length).toBeGreaterThan(0);
    expect(expected.spans.length).toBeGreaterThan(0);
    expect(await factsRows(stepwise.sql)).toEqual(expected);
    await whole.sql.close();
    await stepwise.sql.close();
  });

  it('answers a ping, applies its migrations once, and refuses a database from a newer onpoint', async () => {
    const { store, reopen, setSchemaVersion } = await fresh();
    await store.ping();
    await store.setPasswordHash('alice@example.com', 'kept');
    const again = await reopen();
    opened.push(again);
    expect(await again.getPasswordHash('alice@example.com')).toBe('kept');
    await setSchemaVersion(99);
    const refused = reopen();
    await expect(refused).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(refused).rejects.toThrow('The database is at schema version 99, newer than this onpoint knows');
  });
});
