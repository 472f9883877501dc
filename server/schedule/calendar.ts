import { createHmac, timingSafeEqual } from 'node:crypto';
import ical from 'ical-generator';
import type { Override } from './on-call.js';
import { scheduledFor, shiftAt, type Rotation } from './rotation.js';

const SHIFTS_AHEAD = 26;

export interface CalendarShift {
  rotation: Rotation;
  start: Date;
  end: Date;
  primary: string;
  secondary: string | null;
}

/** The regular shifts of a rotation from the one running at `from` on. */
export function upcomingShifts(rotation: Rotation, from: Date, count = SHIFTS_AHEAD): CalendarShift[] {
  if (!rotation.shift) return [];
  const shifts: CalendarShift[] = [];
  let at = from;
  for (let i = 0; i < count; i++) {
    const shift = shiftAt(rotation.shift, at);
    shifts.push({ rotation, start: shift.start, end: shift.end, ...scheduledFor(rotation, shift.index) });
    at = shift.end;
  }
  return shifts;
}

interface FeedEntry {
  id: string;
  start: Date;
  end: Date;
  summary: string;
}

/** An RFC 5545 calendar: one event per shift or cover, so people see their on-call in their own calendar. */
export function calendarFeed(name: string, entries: FeedEntry[]): string {
  const calendar = ical({ name, prodId: { company: 'onpoint', product: 'onpoint', language: 'EN' }, ttl: 3600 });
  for (const entry of entries) {
    calendar.createEvent({ id: entry.id, start: entry.start, end: entry.end, summary: entry.summary, timezone: 'UTC' });
  }
  return calendar.toString();
}

export function rotationFeed(
  rotation: Rotation,
  overrides: readonly Override[],
  from: Date,
  nameOf: (email: string) => string,
): string {
  const shifts = upcomingShifts(rotation, from).map((s) => ({
    id: `${rotation.id}-${s.start.toISOString()}@onpoint`,
    start: s.start,
    end: s.end,
    summary: `${rotation.name}: ${nameOf(s.primary)} primary${s.secondary ? `, ${nameOf(s.secondary)} secondary` : ''}`,
  }));
  const covers = overrides
    .filter((o) => o.rotationId === rotation.id)
    .map((o) => ({
      id: `${o.id}@onpoint`,
      start: o.start,
      end: o.end,
      summary: `${rotation.name}: ${nameOf(o.person)} covers ${o.role}`,
    }));
  return calendarFeed(rotation.name, [...shifts, ...covers]);
}

export function personFeed(email: string, rotations: Rotation[], overrides: readonly Override[], from: Date): string {
  const shifts = rotations.flatMap((rotation) =>
    upcomingShifts(rotation, from).flatMap((s) =>
      (['primary', 'secondary'] as const)
        .filter((role) => s[role] === email)
        .map((role) => ({
          id: `${rotation.id}-${role}-${s.start.toISOString()}@onpoint`,
          start: s.start,
          end: s.end,
          summary: `On call (${role}): ${rotation.name}`,
        })),
    ),
  );
  const covers = overrides
    .filter((o) => o.person === email)
    .map((o) => ({
      id: `${o.id}@onpoint`,
      start: o.start,
      end: o.end,
      summary: `Covering (${o.role}): ${rotations.find((r) => r.id === o.rotationId)?.name ?? o.rotationId}`,
    }));
  return calendarFeed('My on-call shifts', [...shifts, ...covers]);
}

/**
 * Calendar apps fetch feeds without cookies, so each feed URL carries its own token: an HMAC of what
 * it shows, under a server key. It grants reading that one feed and nothing else.
 */
export function createFeedTokens(key: Buffer) {
  const sign = (feed: string) => createHmac('sha256', key).update(feed).digest('base64url').slice(0, 32);
  return {
    sign,
    verify(feed: string, token: string): boolean {
      const expected = Buffer.from(sign(feed));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
export type FeedTokens = ReturnType<typeof createFeedTokens>;

/**
 * What a person's feed tokens sign. Their generation is part of it, so a reset (a new generation) retires
 * every link they were given; generation 0 signs exactly what links signed before resets existed.
 */
export const personFeedName = (email: string, generation: number) =>
  generation === 0 ? `person:${email}` : JSON.stringify(['person', email, generation]);

/** A rotation's feed as given to one person: each person's links can be reset without breaking anyone else's. */
export const rotationFeedName = (rotationId: string, email: string, generation: number) =>
  JSON.stringify(['rotation', rotationId, email, generation]);
