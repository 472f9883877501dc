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
import { createEscalator } from './escalator.js';

/** The escalator on a real SQLite store with a clock the test moves; pages are recorded instead of pushed. */
async function setup(start: string) {
  let clock = new Date(start);
  const store = await openSqliteStore(mkdtempSync(join(tmpdir(), 'escalator-')));
  const timeline = createTimeline(store, createLiveBus());
  const pages: { email: string; quiet: boolean; at: string }[] = [];
  const pager = {
    pageIncident: async (_incident: unknown, email: string, quiet = false) => {
      pages.push({ email, quiet, at: clock.toISOString() });
      return [];
    },
  } as unknown as Pager;
  const config = {
    people: [
      { email: 'alice', name: 'Alice', lead: false },
      { email: 'bob', name: 'Bob', lead: false },
    ],
    rotations: [{ id: 'payments', name: 'Payments', members: ['alice', 'bob'] }],
    escalation: {
      repeat: 0,
      levels: [
        { delayMs: 5 * 60_000, targets: [{ kind: 'rotation', rotationId: 'payments', role: 'primary' }] },
        { delayMs: 10 * 60_000, targets: [{ kind: 'rotation', rotationId: 'payments', role: 'secondary' }] },
      ],
    },
    workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', timeZone: 'Europe/Dublin' },
  } as unknown as Config;
  const make = () => createEscalator({ store, timeline, pager, config, now: () => clock, log: { error: () => {} } });
  const escalator = make();
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
    );
    return opened.incident;
  };
  const advance = async (ms: number, escalators = [escalator]) => {
    clock = new Date(clock.getTime() + ms);
    await Promise.all(escalators.map((e) => e.tick()));
  };
  return { store, escalator, pages, incident, advance, make };
}

describe('escalator', () => {
  it('climbs on the clock: primary, then the secondary after 5 minutes, then the secondary again every 10', async () => {
    const { escalator, pages, incident, advance, store } = await setup('2026-11-25T10:00:00Z');
    const opened = await incident('always');
    await escalator.open(opened);
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
    await escalator.open(await incident('always'));
    await advance(5 * 60_000, [escalator, other]);
    await advance(10 * 60_000, [escalator, other]);
    await advance(10 * 60_000, [other, escalator]);
    expect(pages.map((p) => p.email)).toEqual(['alice', 'bob', 'bob', 'bob']);
  });

  it('holds a daytime incident at night: a quiet notice, no climb, and the page when working hours start', async () => {
    const { escalator, pages, incident, advance, store } = await setup('2026-11-25T02:00:00Z');
    const quiet = await incident('daytime');
    await escalator.open(quiet);
    expect(pages).toEqual([{ email: 'alice', quiet: true, at: '2026-11-25T02:00:00.000Z' }]);
    await advance(6 * 3600_000); // 08:00: still night, nobody climbs
    expect(pages).toHaveLength(1);
    await advance(3600_000); // 09:00 Dublin
    expect(pages[1]).toEqual({ email: 'alice', quiet: false, at: '2026-11-25T09:00:00.000Z' });
    const events = await store.listEvents(quiet.id);
    expect(events.map((e) => e.type)).toEqual(['not_paged', 'escalated']);
    expect(events[1]).toMatchObject({ reason: 'working_hours', level: 1 });
  });

  it('does not wake anyone for a quiet incident someone already acknowledged', async () => {
    const { escalator, pages, incident, advance, store } = await setup('2026-11-25T02:00:00Z');
    const quiet = await incident('daytime');
    await escalator.open(quiet);
    await store.appendEvents([
      {
        id: randomUUID(),
        incidentId: quiet.id,
        type: 'ack',
        actor: { kind: 'person', email: 'alice', name: 'Alice' },
        occurredAt: '2026-11-25T02:05:00Z',
      },
    ]);
    await advance(8 * 3600_000);
    expect(pages).toHaveLength(1);
    expect(await store.getEscalationTimer(quiet.id)).toBeNull();
  });

  it('pages a quiet incident at once when someone presses Escalate', async () => {
    const { escalator, pages, incident } = await setup('2026-11-25T02:00:00Z');
    const quiet = await incident('daytime');
    await escalator.open(quiet);
    await escalator.request(quiet.id);
    expect(pages.map((p) => [p.email, p.quiet])).toEqual([
      ['alice', true],
      ['alice', false],
    ]);
  });
});
