import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { IncidentDetails } from '../../shared/api.js';
import type { Actor, EventBody, TimelineEvent } from '../../shared/timeline.js';
import type { WorkingHours } from '../schedule/working-hours.js';
import { sqliteClient } from '../store/sql-client.js';
import { migrate } from '../store/sql-store.js';
import { saveFacts } from './facts-sql.js';
import { emptyFold, incidentFacts, type IncidentFacts } from './incident-facts.js';
import { insightsQueries } from './insights-sql.js';
import { computeInsights as fromQueries, isNight, type InsightsContext } from './insights.js';

const MIN = 60_000;
const hours: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', timeZone: 'Europe/Dublin' };
const checkout = { alertname: 'CheckoutHighErrorRate', service: 'checkout' };
const disk = { alertname: 'NodeDiskFull', service: 'storage' };

let n = 0;
/** An incident as the numbers see it; times in minutes after it was paged. */
function facts(
  rule: IncidentFacts['rule'],
  pagedAt: string,
  {
    ackMin,
    resolveMin,
    actionable = null,
    auto = false,
  }: { ackMin?: number; resolveMin?: number; actionable?: boolean | null; auto?: boolean } = {},
): IncidentFacts {
  const at = (m: number | undefined) => (m === undefined ? null : new Date(Date.parse(pagedAt) + m * MIN).toISOString());
  return {
    id: `i${++n}`,
    title: 't',
    createdAt: pagedAt,
    rule,
    pagedAt: rule ? pagedAt : null,
    acknowledgedAt: at(ackMin),
    resolvedAt: at(resolveMin),
    actionable,
    resolvedWithoutAction: auto,
    pointSpans: [],
    pages: [],
  };
}

/** The insights of these incidents' facts, as the store keeps them (a fresh SQLite database in memory). */
async function computeInsights(set: IncidentFacts[], context: InsightsContext) {
  const sql = sqliteClient(new Database(':memory:'));
  await migrate(sql);
  for (const f of set) {
    const labels = f.rule ? { alertname: f.rule.alertname, ...(f.rule.service ? { service: f.rule.service } : {}) } : {};
    const alerts = f.rule ? [{ fingerprint: f.id, status: 'firing' as const, labels, startsAt: '' }] : [];
    const details: IncidentDetails = { source: f.rule ? 'alertmanager' : 'manual', alerts, truncatedAlerts: 0 };
    await sql.run(
      `INSERT INTO incidents (id, dedup_key, title, severity, paging_class, details, state, created_at)
       VALUES (?, ?, ?, 'critical', 'always', ?, '{}', ?)`,
      [f.id, f.id, f.title, JSON.stringify(details), f.createdAt],
    );
    await saveFacts(
      sql,
      { ...f, details },
      {
        ...emptyFold(),
        ...f,
        resolvedBySystem: f.resolvedWithoutAction,
        personActed: !f.resolvedWithoutAction,
      },
      null,
    );
  }
  const insights = await fromQueries(insightsQueries(sql), context);
  await sql.close();
  return insights;
}

const ctx = {
  from: new Date('2026-11-02T00:00:00Z'),
  to: new Date('2026-11-30T00:00:00Z'),
  teamTimeZone: 'Europe/Dublin',
  workingHours: hours,
  people: [
    { email: 'alice@example.com', timeZone: 'Europe/Dublin' },
    { email: 'bob@example.com', timeZone: 'America/New_York' },
  ],
  rotations: [
    { id: 'payments', name: 'Payments on-call', members: ['alice@example.com', 'bob@example.com'] },
    { id: 'lead', name: 'Engineering lead', members: ['bob@example.com'] },
  ],
};

describe('alert quality per rule', () => {
  const set = [
    // Checkout: 4 pages, 3 answered "not actionable", one actionable; acks after 2, 4 and 6 minutes.
    facts(checkout, '2026-11-03T10:00:00Z', { ackMin: 2, resolveMin: 30, actionable: false }),
    facts(checkout, '2026-11-04T10:00:00Z', { ackMin: 4, resolveMin: 10, actionable: false }),
    facts(checkout, '2026-11-10T10:00:00Z', { ackMin: 6, resolveMin: 20, actionable: true }),
    // Saturday 03:00 in Dublin: out of working hours.
    facts(checkout, '2026-11-14T03:00:00Z', { resolveMin: 40, actionable: false }),
    // Disk: 3 pages that Alertmanager resolved before anyone did anything.
    facts(disk, '2026-11-05T12:00:00Z', { resolveMin: 3, auto: true }),
    facts(disk, '2026-11-06T12:00:00Z', { resolveMin: 5, auto: true }),
    facts(disk, '2026-11-20T12:00:00Z', { ackMin: 1, resolveMin: 9 }),
    // Declared by hand: an incident the alerts missed.
    facts(null, '2026-11-12T15:00:00Z', { ackMin: 0, resolveMin: 60 }),
    // Outside the range: not counted.
    facts(checkout, '2026-10-20T10:00:00Z', { actionable: false }),
  ];
  const insights = computeInsights(set, ctx);

  it('gives each rule its pages, precision, medians, out-of-hours pages and self-resolved pages', async () => {
    const [first, second] = (await insights).rules;
    expect(first).toMatchObject({
      rule: checkout,
      pages: 4,
      actionable: 1,
      notActionable: 3,
      unanswered: 0,
      precision: 0.25,
      medianAckMs: 4 * MIN,
      medianResolveMs: 25 * MIN,
      outOfHours: 1,
      resolvedWithoutAction: 0,
      hint: '3 of 4 pages were not actionable — tune or demote this alert',
    });
    expect(second).toMatchObject({
      rule: disk,
      pages: 3,
      precision: null,
      // The acknowledged one waits for its answer; the two nobody touched have nobody to ask.
      unanswered: 1,
      medianAckMs: 1 * MIN,
      medianResolveMs: 5 * MIN,
      outOfHours: 0,
      resolvedWithoutAction: 2,
      hint: '2 of 3 pages resolved by themselves before anyone acted — wait longer before paging, or page only in working hours',
    });
  });

  it('counts declared incidents as ones the alerts missed (recall)', async () => {
    expect(await insights).toMatchObject({ incidents: 8, declared: 1, recall: 7 / 8 });
    expect((await computeInsights([], ctx)).recall).toBeNull();
  });

  it('counts pages per week, weeks starting Monday in the team time zone', async () => {
    expect((await insights).weekly).toEqual([
      { weekStart: '2026-11-02', pages: 4 },
      { weekStart: '2026-11-09', pages: 2 },
      { weekStart: '2026-11-16', pages: 1 },
      { weekStart: '2026-11-23', pages: 0 },
    ]);
  });

  it('takes the median of an even count as the mean of the middle two', async () => {
    const acks = (...minutes: number[]) => minutes.map((ackMin) => facts(disk, '2026-11-05T12:00:00Z', { ackMin }));
    expect((await computeInsights(acks(4, 1, 3, 2), ctx)).rules[0].medianAckMs).toBe(2.5 * MIN);
    expect((await computeInsights(acks(5), ctx)).rules[0].medianAckMs).toBe(5 * MIN);
    expect((await computeInsights([facts(disk, '2026-11-05T12:00:00Z')], ctx)).rules[0].medianAckMs).toBeNull();
  });
});

describe('nights, in each person’s own time zone', () => {
  it('tells night from day by the local clock', () => {
    // 04:00 in Dublin, 23:00 the evening before in New York: night for both.
    expect(isNight(new Date('2026-11-23T04:00:00Z'), 'Europe/Dublin')).toBe(true);
    expect(isNight(new Date('2026-11-23T04:00:00Z'), 'America/New_York')).toBe(true);
    // 11:30 in Dublin is day; 06:30 in New York is still night.
    expect(isNight(new Date('2026-11-23T11:30:00Z'), 'Europe/Dublin')).toBe(false);
    expect(isNight(new Date('2026-11-23T11:30:00Z'), 'America/New_York')).toBe(true);
    // Summer time: 21:30 UTC is 22:30 in Dublin (night), 17:30 in New York.
    expect(isNight(new Date('2026-07-01T21:30:00Z'), 'Europe/Dublin')).toBe(true);
    expect(isNight(new Date('2026-07-01T21:30:00Z'), 'America/New_York')).toBe(false);
  });

  it('measures the hours of a span that fall at night, with the short and long nights of DST', async () => {
    const year = { ...ctx, from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-12-31T00:00:00Z') };
    const nightHours = async (from: string, to: string) => {
      const span = { ...facts(checkout, from), pointSpans: [{ email: 'alice@example.com', from, to, rotationId: 'payments' }] };
      return (await computeInsights([span], year)).people[0].nightHoursOnPoint;
    };
    // A whole ordinary night: 9 hours.
    expect(await nightHours('2026-11-22T20:00:00Z', '2026-11-23T12:00:00Z')).toBe(9);
    // Clocks go forward on 29 March 2026 in Dublin: that night is 8 hours long.
    expect(await nightHours('2026-03-28T20:00:00Z', '2026-03-29T12:00:00Z')).toBe(8);
    // And back on 25 October: 10 hours.
    expect(await nightHours('2026-10-24T20:00:00Z', '2026-10-25T12:00:00Z')).toBe(10);
    // 03:00–05:30 local, within one night.
    expect(await nightHours('2026-11-23T03:00:00Z', '2026-11-23T05:30:00Z')).toBe(2.5);
  });

  it('counts each person’s pages, night pages and night hours on point, in all and per rotation', async () => {
    const night = {
      ...facts(checkout, '2026-11-23T04:00:00Z'),
      pages: [{ email: 'alice@example.com', at: '2026-11-23T04:00:00Z', rotationId: 'payments' }],
    };
    const morning = {
      ...facts(checkout, '2026-11-23T11:30:00Z'),
      pages: [
        { email: 'alice@example.com', at: '2026-11-23T11:30:00Z', rotationId: 'payments' },
        { email: 'bob@example.com', at: '2026-11-23T11:30:00Z', rotationId: 'lead' },
      ],
      pointSpans: [{ email: 'bob@example.com', from: '2026-11-23T11:30:00Z', to: '2026-11-23T13:00:00Z', rotationId: 'lead' }],
    };
    // Point handed to Bob on a page he never got: his, but through no rotation. 23:00–01:00 in New York.
    const handedOver = {
      ...facts(disk, '2026-11-24T03:00:00Z'),
      pointSpans: [{ email: 'bob@example.com', from: '2026-11-24T04:00:00Z', to: '2026-11-24T06:00:00Z', rotationId: null }],
    };
    const { people } = await computeInsights([night, morning, handedOver], ctx);
    const quiet = { pages: 0, nightPages: 0, nightHoursOnPoint: 0 };
    expect(people).toEqual([
      {
        email: 'alice@example.com',
        pages: 2,
        nightPages: 1,
        nightHoursOnPoint: 0,
        rotations: [{ rotationId: 'payments', rotationName: 'Payments on-call', pages: 2, nightPages: 1, nightHoursOnPoint: 0 }],
      },
      {
        email: 'bob@example.com',
        pages: 1,
        nightPages: 1,
        // 06:30–08:00 in New York on the lead rotation (half an hour before 07:00), and two hours handed over.
        nightHoursOnPoint: 2.5,
        rotations: [
          { rotationId: 'payments', rotationName: 'Payments on-call', ...quiet },
          { rotationId: 'lead', rotationName: 'Engineering lead', pages: 1, nightPages: 1, nightHoursOnPoint: 0.5 },
          { rotationId: null, rotationName: null, pages: 0, nightPages: 0, nightHoursOnPoint: 2 },
        ],
      },
    ]);
  });
});

const details: IncidentDetails = {
  source: 'alertmanager',
  alerts: [
    { fingerprint: 'f', status: 'firing', labels: { alertname: 'CheckoutHighErrorRate', service: 'checkout' }, startsAt: '' },
  ],
  truncatedAlerts: 0,
};
const alice: Actor = { kind: 'person', email: 'alice@example.com', name: 'Alice' };
const am: Actor = { kind: 'system', name: 'Alertmanager' };

describe('facts read off a timeline', () => {
  let seq = 0;
  const ev = (at: string, body: EventBody, actor: Actor = alice) =>
    ({ id: `e${++seq}`, seq, incidentId: 'i', actor, occurredAt: at, recordedAt: at, ...body }) as TimelineEvent;
  const incident = { id: 'i', title: 'Checkout', createdAt: '2026-11-23T03:00:00.000Z', details };

  it('reads pages, point, answers (the latest counts) and who resolved', () => {
    const timeline = [
      ev(
        '2026-11-23T03:00:00.000Z',
        {
          type: 'escalated',
          step: 0,
          level: 1,
          reason: 'triggered',
          targets: ['alice@example.com'],
          label: 'x',
          rotations: { 'alice@example.com': 'payments' },
        },
        am,
      ),
      ev('2026-11-23T03:00:01.000Z', { type: 'paged', person: 'alice@example.com', deviceId: 'd', deviceName: 'Pixel' }, am),
      // Her second device: the same page, not a second one.
      ev('2026-11-23T03:00:01.500Z', { type: 'paged', person: 'alice@example.com', deviceId: 'd3', deviceName: 'Laptop' }, am),
      ev(
        '2026-11-23T03:00:02.000Z',
        { type: 'paged', person: 'bob@example.com', deviceId: 'd2', deviceName: 'iPhone', notice: 'quiet' },
        am,
      ),
      ev('2026-11-23T03:04:00.000Z', { type: 'ack' }),
      ev('2026-11-23T03:20:00.000Z', { type: 'handoff', to: 'bob@example.com' }),
      ev('2026-11-23T04:00:00.000Z', { type: 'resolve' }),
      ev('2026-11-23T04:01:00.000Z', { type: 'actionable', value: true }),
      ev('2026-11-23T09:00:00.000Z', { type: 'actionable', value: false, reason: 'a test deploy' }),
    ];
    expect(incidentFacts(incident, timeline)).toMatchObject({
      rule: { alertname: 'CheckoutHighErrorRate', service: 'checkout' },
      pagedAt: '2026-11-23T03:00:00.000Z',
      acknowledgedAt: '2026-11-23T03:04:00.000Z',
      resolvedAt: '2026-11-23T04:00:00.000Z',
      actionable: false,
      resolvedWithoutAction: false,
      pages: [{ email: 'alice@example.com', at: '2026-11-23T03:00:01.000Z', rotationId: 'payments' }],
      pointSpans: [
        { email: 'alice@example.com', from: '2026-11-23T03:04:00.000Z', to: '2026-11-23T03:20:00.000Z', rotationId: 'payments' },
        // Bob only had a quiet notice: point came to him by hand, not through his rotation.
        { email: 'bob@example.com', from: '2026-11-23T03:20:00.000Z', to: '2026-11-23T04:00:00.000Z', rotationId: null },
      ],
    });
  });

  it('knows an incident the alert source resolved before anyone acted, and one declared by hand', () => {
    const auto = incidentFacts(incident, [ev('2026-11-23T03:05:00.000Z', { type: 'resolve' }, am)]);
    expect(auto.resolvedWithoutAction).toBe(true);
    expect(incidentFacts({ ...incident, details: { ...details, source: 'manual' } }, []).rule).toBeNull();
  });

  it('counts a reopened incident as open until it is resolved again, with whoever acknowledged it then on point', () => {
    const bob: Actor = { kind: 'person', email: 'bob@example.com', name: 'Bob' };
    const timeline = [
      ev('2026-11-23T03:04:00.000Z', { type: 'ack' }),
      ev('2026-11-23T03:10:00.000Z', { type: 'resolve', note: 'restarted it' }, am),
      ev('2026-11-23T03:30:00.000Z', { type: 'reopen' }, bob),
    ];
    expect(incidentFacts(incident, timeline)).toMatchObject({ resolvedAt: null, acknowledgedAt: '2026-11-23T03:04:00.000Z' });
    const again = incidentFacts(incident, [
      ...timeline,
      ev('2026-11-23T03:35:00.000Z', { type: 'ack' }, bob),
      ev('2026-11-23T04:00:00.000Z', { type: 'resolve' }, bob),
    ]);
    expect(again).toMatchObject({ resolvedAt: '2026-11-23T04:00:00.000Z', acknowledgedAt: '2026-11-23T03:04:00.000Z' });
    expect(again.pointSpans.map((s) => [s.email, s.from, s.to])).toEqual([
      ['alice@example.com', '2026-11-23T03:04:00.000Z', '2026-11-23T03:10:00.000Z'],
      ['bob@example.com', '2026-11-23T03:35:00.000Z', '2026-11-23T04:00:00.000Z'],
    ]);
  });
});

describe('times a device clock got wrong', () => {
  const opened = '2026-11-23T03:00:00.000Z';
  const recorded = (occurredAt: string, recordedAt: string, body: EventBody, actor: Actor = alice) =>
    ({ id: occurredAt, seq: 1, incidentId: 'i', actor, occurredAt, recordedAt, ...body }) as TimelineEvent;

  it('stored by an older version as they came (1900, 9999), count within the incident’s own life', async () => {
    const timeline = [
      recorded(opened, opened, { type: 'escalated', step: 0, level: 1, reason: 'triggered', targets: [], label: 'x' }, am),
      recorded('1900-01-01T00:00:00.000Z', '2026-11-23T03:04:00.000Z', { type: 'ack' }),
      recorded('9999-12-31T23:59:59.000Z', '2026-11-23T05:00:00.000Z', { type: 'resolve' }),
    ];
    const f = incidentFacts({ id: 'i', title: 'Checkout', createdAt: opened, details }, timeline);
    expect(f).toMatchObject({
      acknowledgedAt: opened,
      resolvedAt: '2026-11-23T05:00:00.000Z',
      pointSpans: [{ email: 'alice@example.com', from: opened, to: '2026-11-23T05:00:00.000Z' }],
    });

    const insights = await computeInsights([f], ctx);
    expect(insights.rules[0]).toMatchObject({ medianAckMs: 0, medianResolveMs: 2 * 60 * MIN });
    // 03:00–05:00 in Dublin: two night hours.
    expect(insights.people[0]).toMatchObject({ email: 'alice@example.com', nightHoursOnPoint: 2 });
  });

  it('given to the numbers as they are, cost no more work than the report’s window and no negative time', async () => {
    const wild = {
      ...facts(checkout, '2026-11-23T03:00:00Z'),
      acknowledgedAt: '1900-01-01T00:00:00.000Z',
      pointSpans: [
        { email: 'alice@example.com', from: '1900-01-01T00:00:00.000Z', to: '9999-12-31T23:59:59.000Z', rotationId: null },
      ],
    };
    const insights = await computeInsights([wild], ctx);
    expect(insights.rules[0].medianAckMs).toBe(0);
    // Every night of the 28-day window, 9 hours each: no more.
    const point = insights.people.find((p) => p.email === 'alice@example.com')!;
    expect(point.nightHoursOnPoint).toBe(28 * 9);
  });
});
