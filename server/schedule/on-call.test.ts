import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onCallAt, type Override } from './on-call.js';
import { shiftAt, type Rotation } from './rotation.js';

const dublin: Rotation = {
  id: 'payments',
  name: 'Payments',
  members: ['alice', 'bob', 'carol'],
  shift: { days: 7, handoff: { weekday: 5, time: '12:00', timeZone: 'Europe/Dublin' }, startDate: '2026-10-02' },
};
const dublinShifts = dublin.shift!;
const at = (iso: string) => new Date(iso);
const HOUR = 3600_000;

describe('who is on call', () => {
  it('starts with the first member at the handoff on or before the start date, then goes round', () => {
    expect(onCallAt(dublin, [], at('2026-10-02T11:00:00Z'))).toMatchObject({
      primary: 'alice',
      secondary: 'bob',
      nextPrimary: 'bob',
    });
    expect(onCallAt(dublin, [], at('2026-10-09T10:59:59Z')).primary).toBe('alice');
    expect(onCallAt(dublin, [], at('2026-10-09T11:00:00Z'))).toMatchObject({ primary: 'bob', secondary: 'carol' });
    expect(onCallAt(dublin, [], at('2026-10-16T11:00:00Z'))).toMatchObject({ primary: 'carol', secondary: 'alice' });
  });

  it('keeps a 12:00 Europe/Dublin handoff at 12:00 local across the October change: that shift is an hour longer', () => {
    // Clocks go back on Sunday 25 October 2026: 12:00 is 11:00Z before and 12:00Z after.
    const shift = shiftAt(dublinShifts, at('2026-10-26T00:00:00Z'));
    expect(shift.start.toISOString()).toBe('2026-10-23T11:00:00.000Z');
    expect(shift.end.toISOString()).toBe('2026-10-30T12:00:00.000Z');
    expect(shift.end.getTime() - shift.start.getTime()).toBe(7 * 24 * HOUR + HOUR);
    expect(onCallAt(dublin, [], at('2026-10-30T11:30:00Z')).primary).toBe(
      onCallAt(dublin, [], at('2026-10-24T00:00:00Z')).primary,
    );
  });

  it('and across the March change: that shift is an hour shorter', () => {
    // Clocks go forward on Sunday 29 March 2026.
    const shift = shiftAt(dublinShifts, at('2026-03-30T00:00:00Z'));
    expect(shift.start.toISOString()).toBe('2026-03-27T12:00:00.000Z');
    expect(shift.end.toISOString()).toBe('2026-04-03T11:00:00.000Z');
  });

  it('handles America/Los_Angeles daily shifts across the November change', () => {
    const la = { days: 1, handoff: { weekday: 1, time: '09:00', timeZone: 'America/Los_Angeles' }, startDate: '2026-10-26' };
    // PDT (UTC-7) until Sunday 1 November 2026, then PST (UTC-8).
    // The shift from Saturday 09:00 PDT to Sunday 09:00 PST is 25 hours long.
    const across = shiftAt(la, at('2026-11-01T10:00:00Z'));
    expect(across.start.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(across.end.toISOString()).toBe('2026-11-01T17:00:00.000Z');
    expect(shiftAt(la, at('2026-11-01T20:00:00Z')).end.toISOString()).toBe('2026-11-02T17:00:00.000Z');
  });

  it('lets the latest override win, even across a handoff, and says when the primary changes', () => {
    const cover: Override = {
      id: 'o1',
      rotationId: 'payments',
      role: 'primary',
      person: 'carol',
      start: at('2026-10-09T08:00:00Z'),
      end: at('2026-10-09T16:00:00Z'),
      createdAt: at('2026-10-01T00:00:00Z'),
    };
    const later: Override = {
      ...cover,
      id: 'o2',
      person: 'dave',
      start: at('2026-10-09T10:00:00Z'),
      end: at('2026-10-09T12:00:00Z'),
      createdAt: at('2026-10-02T00:00:00Z'),
    };
    expect(onCallAt(dublin, [cover, later], at('2026-10-09T07:59:00Z'))).toMatchObject({
      primary: 'alice',
      primaryUntil: at('2026-10-09T08:00:00Z'),
    });
    expect(onCallAt(dublin, [cover, later], at('2026-10-09T09:00:00Z'))).toMatchObject({
      primary: 'carol',
      primaryUntil: at('2026-10-09T10:00:00Z'),
    });
    // The regular handoff (11:00Z) happens under dave's override; after it, carol's cover resumes, then bob's shift.
    expect(onCallAt(dublin, [cover, later], at('2026-10-09T11:30:00Z'))).toMatchObject({
      primary: 'dave',
      primaryUntil: at('2026-10-09T12:00:00Z'),
    });
    expect(onCallAt(dublin, [cover, later], at('2026-10-09T13:00:00Z'))).toMatchObject({
      primary: 'carol',
      primaryUntil: at('2026-10-09T16:00:00Z'),
    });
    expect(onCallAt(dublin, [cover, later], at('2026-10-09T16:00:00Z')).primary).toBe('bob');
  });

  it('swaps roles when the secondary covers the primary', () => {
    const swap: Override = {
      id: 'o1',
      rotationId: 'payments',
      role: 'primary',
      person: 'bob',
      start: at('2026-10-03T00:00:00Z'),
      end: at('2026-10-04T00:00:00Z'),
      createdAt: at('2026-10-01T00:00:00Z'),
    };
    expect(onCallAt(dublin, [swap], at('2026-10-03T12:00:00Z'))).toMatchObject({ primary: 'bob', secondary: 'alice' });
  });

  it('skips edges where nothing changes when saying until when someone is primary', () => {
    const sameAsScheduled: Override = {
      id: 'o1',
      rotationId: 'payments',
      role: 'primary',
      person: 'alice',
      start: at('2026-10-03T00:00:00Z'),
      end: at('2026-10-04T00:00:00Z'),
      createdAt: at('2026-10-01T00:00:00Z'),
    };
    expect(onCallAt(dublin, [sameAsScheduled], at('2026-10-02T12:00:00Z')).primaryUntil).toEqual(at('2026-10-09T11:00:00Z'));
  });

  it('keeps one person on call all the time in a one-person rotation, with no secondary', () => {
    const solo: Rotation = { ...dublin, members: ['carol'] };
    expect(onCallAt(solo, [], at('2026-12-25T03:00:00Z'))).toMatchObject({
      primary: 'carol',
      secondary: null,
      primaryUntil: null,
      nextPrimary: 'carol',
    });
  });

  it('never turns a rotation without shifts: the first member is primary, the next secondary', () => {
    const fixed: Rotation = { id: 'payments', name: 'Payments', members: ['alice', 'bob'] };
    expect(onCallAt(fixed, [], at('2031-07-04T03:00:00Z'))).toEqual({
      rotationId: 'payments',
      primary: 'alice',
      secondary: 'bob',
      primaryUntil: null,
      shiftEnd: null,
      nextPrimary: 'alice',
    });
  });

  it('takes the secondary from its own order when one is declared', () => {
    const own: Rotation = { ...dublin, secondaryOrder: ['lead-1', 'lead-2'] };
    expect(onCallAt(own, [], at('2026-10-02T12:00:00Z')).secondary).toBe('lead-1');
    expect(onCallAt(own, [], at('2026-10-09T12:00:00Z')).secondary).toBe('lead-2');
  });
});

describe('properties', () => {
  const zones = ['Europe/Dublin', 'America/Los_Angeles', 'Australia/Lord_Howe', 'UTC', 'Asia/Kolkata'];
  const rotation = fc.record({
    members: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 5 }),
    shiftDays: fc.integer({ min: 1, max: 14 }),
    weekday: fc.integer({ min: 1, max: 7 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 15, 30, 45),
    zone: fc.constantFrom(...zones),
  });
  const toRotation = (r: {
    members: string[];
    shiftDays: number;
    weekday: number;
    hour: number;
    minute: number;
    zone: string;
  }): Rotation => ({
    id: 'r',
    name: 'r',
    members: r.members,
    shift: {
      days: r.shiftDays,
      startDate: '2026-01-05',
      handoff: {
        weekday: r.weekday,
        time: `${String(r.hour).padStart(2, '0')}:${String(r.minute).padStart(2, '0')}`,
        timeZone: r.zone,
      },
    },
  });
  const instant = fc.date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2028-06-01T00:00:00Z'), noInvalidDate: true });

  it('has exactly one primary, a rotation member or an override, at every instant', () => {
    const override = fc.record({
      person: fc.constantFrom('x', 'y'),
      start: instant,
      hours: fc.integer({ min: 1, max: 400 }),
      made: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(rotation, fc.array(override, { maxLength: 4 }), instant, (r, raw, t) => {
        const overrides: Override[] = raw.map((o, i) => ({
          id: String(i),
          rotationId: 'r',
          role: 'primary',
          person: o.person,
          start: o.start,
          end: new Date(o.start.getTime() + o.hours * HOUR),
          createdAt: new Date(o.made),
        }));
        const { primary, primaryUntil } = onCallAt(toRotation(r), overrides, t);
        const allowed = [...r.members, 'x', 'y'];
        return typeof primary === 'string' && allowed.includes(primary) && (primaryUntil === null || primaryUntil > t);
      }),
    );
  });

  it('puts every instant in exactly one shift, and shifts tile time with no gap or overlap', () => {
    fc.assert(
      fc.property(rotation, instant, (r, t) => {
        const pattern = toRotation(r).shift!;
        const shift = shiftAt(pattern, t);
        const next = shiftAt(pattern, shift.end);
        return (
          shift.start <= t && t < shift.end && next.start.getTime() === shift.end.getTime() && next.index === shift.index + 1
        );
      }),
    );
  });
});
