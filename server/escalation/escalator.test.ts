import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../config/load.js';
import { createTimeline } from '../incidents/timeline.js';
import { createLiveBus } from '../live/bus.js';
import type { Pager } from '../paging/pager.js';
import { openSqliteStore } from '../store/open-store.js';
import type { NewPush } from '../store/store.js';
import { NOT_STARTED } from './climb.js';
import { createEscalator } from './escalator.js';

/**
 * The escalator on a real SQLite store with a clock the test moves. Each target has one device; its pushes
 * are queued in the store (no sender runs here) and recorded as pages.
 */
async function setup(start: string, { confirmWithinMs = null as number | null, withoutDevice = [] as string[] } = {}) {
  let clock = new Date(start);
  const store = await openSqliteStore(mkdtempSync(join(tmpdir(), 'escalator-')), () => clock);
  const timeline = createTimeline(store, createLiveBus());
  const pages: { email: string; quiet: boolean; at: string; pushId: string }[] = [];
  const pager: Pick<Pager, 'pushesFor'> = {
    pushesFor: async (email, message, { topic, step = null }) => {
      if (withoutDevice.includes(email)) return { pushes: [], events: [] };
      const push: NewPush = {
        id: randomUUID(),
        incidentId: message.incidentId,
        step,
        deviceId: `${email}-phone`,
        email,
        kind: message.kind === 'quiet' ? 'quiet' : 'page',
        message,
        topic,
        urgency: 'high',
        origin: 'https://push.example',
        createdAt: clock.toISOString(),
        expiresAt: new Date(clock.getTime() + 3600_000).toISOString(),
      };
      pages.push({ email, quiet: message.kind === 'quiet', at: clock.toISOString(), pushId: push.id });
      return { pushes: [push], events: [] };
    },
  };
  const config = {
    people: [
      { email: 'alice', name: 'Alice', lead: false },
      { email: 'bob', name: 'Bob', lead: false },
    ],
    rotations: [{ id: 'payments', name: 'Payments', members: ['alice', 'bob'] }],
    escalation: {
      repeat: 0,
      confirmWithinMs,
      levels: [
        { delayMs: 5 * 60_000, targets: [{ kind: 'rotation', rotationId: 'payments', role: 'primary' }] },
        { delayMs: 10 * 60_000, targets: [{ kind: 'rotation', rotationId: 'payments', role: 'secondary' }] },
      ],
    },
    workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', timeZone: 'Europe/Dublin' },
  } as unknown as Config;
  const make = () =>
    createEscalator({
      store,
      timeline,
      pager,
      config,
      now: () => clock,
      log: { error: () => {} },
      handOff: { lease: (p) => p, adopt: () => {} },
    });
  const escalator = make();
  /** An incident as ingest opens it: with its escalation timer due now, in the same transaction. */
  const incident = async (pagingClass: 'always' | 'daytime') => {
    const id = randomUUID();
    const opened = await timeline.open(
      {
        id,
        dedupKey: id,
        title: 'Disk',
        severity: 'warning',
        pagingClass,
        playbook: null,
        details: { source: 'test', alerts: [], truncatedAlerts: 0 },
        createdAt: clock.toISOString(),
      },
      [],
      { step: NOT_STARTED, dueAt: clock.toISOString() },
    );
    return opened.incident;
  };
  const advance = async (ms: number, escalators = [escalator]) => {
    clock = new Date(clock.getTime() + ms);
    await Promise.all(escalators.map((e) => e.tick()));
  };
  const person = (email: string) => ({ kind: 'person' as const, email, name: email });
  const act = (incidentId: string, type: 'ack' | 'escalate', by = 'alice') =>
    store.appendEvents([{ id: randomUUID(), incidentId, type, actor: person(by), occurredAt: clock.toISOString() }]);
  return { store, escalator, pages, incident, advance, make, act };
}

describe('escalator', () => {
  it('climbs on the clock: primary, then the secondary after 5 minutes, then the secondary again every 10', async () => {
    const { escalator, pages, incident, advance, store } = await setup('2026-11-25T10:00:00Z');
    const opened = await incident('always');
    await escalator.tick();
    await advance(4 * 60_000);
    expect(pages.map((p) => p.email)).toEqual(['alice']);
    await advance(60_000);
    expect(pages.map((p) => p.email)).toEqual(['alice', 'bob']);
    await advance(10 * 60_000);
    expect(pages.map((p) => p.email)).toEqual(['alice', 'bob', 'bob']);
    // Each step says who it paged, in words and by the rotation that put them there (for Insights).
    const steps = (await store.listEvents(opened.id)).filter((e) => e.type === 'escalated');
    expect(steps.map((e) => e.type === 'escalated' && [e.label, e.rotations])).toEqual([
      ['Payments primary', { alice: 'payments' }],
      ['Payments secondary', { bob: 'payments' }],
      ['Payments secondary', { bob: 'payments' }],
    ]);
  });

  it('pages each step once when two escalators share the store and wake at the same moment', async () => {
    const { escalator, pages, incident, advance, make } = await setup('2026-11-25T10:00:00Z');
    const other = make();
    await incident('always');
    await advance(0, [escalator, other]);
    await advance(5 * 60_000, [escalator, other]);
    await advance(10 * 60_000, [escalator, other]);
    await advance(10 * 60_000, [other, escalator]);
    expect(pages.map((p) => p.email)).toEqual(['alice', 'bob', 'bob', 'bob']);
  });

  it('holds a daytime incident at night: a quiet notice, no climb, and the page when working hours start', async () => {
    const { escalator, pages, incident, advance, store } = await setup('2026-11-25T02:00:00Z');
    const quiet = await incident('daytime');
    await escalator.tick();
    expect(pages).toMatchObject([{ email: 'alice', quiet: true, at: '2026-11-25T02:00:00.000Z' }]);
    await advance(6 * 3600_000); // 08:00: still night, nobody climbs
    expect(pages).toHaveLength(1);
    await advance(3600_000); // 09:00 Dublin
    expect(pages[1]).toMatchObject({ email: 'alice', quiet: false, at: '2026-11-25T09:00:00.000Z' });
    const events = await store.listEvents(quiet.id);
    expect(events.map((e) => e.type)).toEqual(['not_paged', 'escalated']);
    expect(events[1]).toMatchObject({ reason: 'working_hours', level: 1 });
  });

  it('does not wake anyone for a quiet incident someone already acknowledged', async () => {
    const { escalator, pages, incident, advance, store, act } = await setup('2026-11-25T02:00:00Z');
    const quiet = await incident('daytime');
    await escalator.tick();
    await act(quiet.id, 'ack');
    await advance(8 * 3600_000);
    expect(pages).toHaveLength(1);
    expect(await store.getEscalationTimer(quiet.id)).toBeNull();
  });

  it('pages a quiet incident at once when someone presses Escalate', async () => {
    const { escalator, pages, incident, act } = await setup('2026-11-25T02:00:00Z');
    const quiet = await incident('daytime');
    await escalator.tick();
    await act(quiet.id, 'escalate');
    await escalator.tick();
    expect(pages.map((p) => [p.email, p.quiet])).toEqual([
      ['alice', true],
      ['alice', false],
    ]);
  });

  it('pages the next level at once when Escalate is pressed, and the climb goes on from there', async () => {
    const { escalator, pages, incident, advance, act } = await setup('2026-11-25T10:00:00Z');
    const opened = await incident('always');
    await escalator.tick();
    await advance(60_000);
    await act(opened.id, 'escalate');
    await advance(0);
    expect(pages.map((p) => [p.email, p.at])).toEqual([
      ['alice', '2026-11-25T10:00:00.000Z'],
      ['bob', '2026-11-25T10:01:00.000Z'],
    ]);
    await advance(10 * 60_000);
    expect(pages.map((p) => p.email)).toEqual(['alice', 'bob', 'bob']);
  });

  it('writes nothing for an incident acknowledged before its first page went out', async () => {
    const { escalator, pages, incident, store, act } = await setup('2026-11-25T10:00:00Z');
    const opened = await incident('always');
    await act(opened.id, 'ack');
    await escalator.tick();
    expect(pages).toEqual([]);
    expect(await store.getEscalationTimer(opened.id)).toBeNull();
  });

  describe('a page no device confirms', () => {
    it('pages the next level once confirmWithin has passed with no receipt, saying why', async () => {
      const { escalator, pages, incident, advance, store } = await setup('2026-11-25T10:00:00Z', { confirmWithinMs: 2 * 60_000 });
      const opened = await incident('always');
      await escalator.tick();
      await advance(119_000);
      expect(pages.map((p) => p.email)).toEqual(['alice']);
      await advance(1_000);
      expect(pages.map((p) => [p.email, p.at])).toEqual([
        ['alice', '2026-11-25T10:00:00.000Z'],
        ['bob', '2026-11-25T10:02:00.000Z'],
      ]);
      const step = (await store.listEvents(opened.id)).filter((e) => e.type === 'escalated')[1];
      expect(step).toMatchObject({ reason: 'unconfirmed', unconfirmed: 'Alice', waitedMs: 120_000, step: 1 });
      // Bob's is the last level: it is paged again at its own pace, not every 2 minutes.
      await advance(2 * 60_000);
      expect(pages.map((p) => p.email)).toEqual(['alice', 'bob']);
      await advance(8 * 60_000);
      expect(pages.map((p) => p.email)).toEqual(['alice', 'bob', 'bob']);
    });

    it('lets the level keep its full wait once a device confirmed', async () => {
      const { escalator, pages, incident, advance, store } = await setup('2026-11-25T10:00:00Z', { confirmWithinMs: 2 * 60_000 });
      await incident('always');
      await escalator.tick();
      await advance(30_000);
      expect(await store.confirmPush(pages[0].pushId, '2026-11-25T10:00:30.000Z')).toBe(true);
      await advance(90_000);
      await advance(2 * 60_000);
      expect(pages.map((p) => p.email)).toEqual(['alice']);
      await advance(60_000); // 10:05, Alice's 5 minutes are up
      expect(pages.map((p) => p.email)).toEqual(['alice', 'bob']);
    });

    it('passes over a level nobody on which has a device, at once, whatever confirmWithin says', async () => {
      const { escalator, pages, incident, store } = await setup('2026-11-25T10:00:00Z', { withoutDevice: ['alice'] });
      const opened = await incident('always');
      await escalator.tick();
      await escalator.tick();
      expect(pages.map((p) => [p.email, p.at])).toEqual([['bob', '2026-11-25T10:00:00.000Z']]);
      const step = (await store.listEvents(opened.id)).filter((e) => e.type === 'escalated')[1];
      expect(step).toMatchObject({ reason: 'unconfirmed', unconfirmed: 'Alice', waitedMs: 0 });
    });

    it('stops for an acknowledgement', async () => {
      const { escalator, pages, incident, advance, act } = await setup('2026-11-25T10:00:00Z', { confirmWithinMs: 2 * 60_000 });
      const opened = await incident('always');
      await escalator.tick();
      await advance(60_000);
      await act(opened.id, 'ack');
      await advance(10 * 60_000);
      expect(pages.map((p) => p.email)).toEqual(['alice']);
    });
  });
});
