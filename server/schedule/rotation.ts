import { DateTime } from 'luxon';

/** When shifts change hands: a weekday and a wall-clock time in a time zone, kept across DST changes. */
export interface Handoff {
  /** 1 = Monday … 7 = Sunday (ISO). */
  weekday: number;
  /** "HH:MM", local time in `timeZone`. */
  time: string;
  timeZone: string;
}

/** How a rotation's shifts run. */
export interface ShiftPattern {
  days: number;
  handoff: Handoff;
  /** A local date (YYYY-MM-DD): the shift running at its handoff on or before this date is the first member's. */
  startDate: string;
}

export interface Rotation {
  id: string;
  name: string;
  /** In order: the first is primary in the first shift. */
  members: string[];
  /** Who is secondary, in its own order; without it, the next member after the primary. */
  secondaryOrder?: string[];
  /** Without shifts the order never turns: the first member is always primary. */
  shift?: ShiftPattern;
}

export interface Shift {
  index: number;
  start: Date;
  end: Date;
}

function firstHandoff(pattern: ShiftPattern): DateTime {
  const [hour, minute] = pattern.handoff.time.split(':').map(Number);
  const day = DateTime.fromISO(pattern.startDate, { zone: pattern.handoff.timeZone });
  // The handoff on or before startDate: the rotation is already running on that date.
  const back = (day.weekday - pattern.handoff.weekday + 7) % 7;
  return day.minus({ days: back }).set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * Shift boundaries are the handoff's wall-clock time every `shiftDays` local days, so a 12:00 handoff
 * stays at 12:00 when the clocks change and a shift across the change is an hour shorter or longer.
 */
function boundary(first: DateTime, pattern: ShiftPattern, index: number): DateTime {
  return first.plus({ days: index * pattern.days });
}

/** The shift that contains instant `at` (shifts before the start date count backwards, so every instant has one). */
export function shiftAt(pattern: ShiftPattern, at: Date): Shift {
  const first = firstHandoff(pattern);
  const t = at.getTime();
  let index = Math.floor((t - first.toMillis()) / (pattern.days * 24 * 3600 * 1000));
  while (boundary(first, pattern, index).toMillis() > t) index--;
  while (boundary(first, pattern, index + 1).toMillis() <= t) index++;
  return {
    index,
    start: boundary(first, pattern, index).toJSDate(),
    end: boundary(first, pattern, index + 1).toJSDate(),
  };
}

const pick = <T>(list: readonly T[], index: number): T => list[((index % list.length) + list.length) % list.length];

/** Who the rotation itself puts on in a shift, before any override. */
export function scheduledFor(rotation: Rotation, shiftIndex: number): { primary: string; secondary: string | null } {
  const primary = pick(rotation.members, shiftIndex);
  if (rotation.secondaryOrder?.length) return { primary, secondary: pick(rotation.secondaryOrder, shiftIndex) };
  const secondary = rotation.members.length > 1 ? pick(rotation.members, shiftIndex + 1) : null;
  return { primary, secondary };
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

export function isValidLocalDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date).isValid;
}
