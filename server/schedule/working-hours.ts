import { DateTime } from 'luxon';
import type { PagingClass } from '../../shared/timeline.js';

export interface WorkingHours {
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  /** "HH:MM" local time; end is exclusive. */
  start: string;
  end: string;
  timeZone: string;
}

/** "HH:MM" → minutes since midnight. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isWorkingTime(hours: WorkingHours, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: hours.timeZone });
  const minute = local.hour * 60 + local.minute;
  return hours.days.includes(local.weekday) && minute >= minutesOf(hours.start) && minute < minutesOf(hours.end);
}

/** The next moment working hours begin after `at` (local start time, whatever the DST offset that day). */
export function nextWorkingStart(hours: WorkingHours, at: Date): Date {
  const [hour, minute] = hours.start.split(':').map(Number);
  const day = DateTime.fromJSDate(at, { zone: hours.timeZone }).startOf('day');
  for (let i = 0; i <= 7; i++) {
    const candidate = day.plus({ days: i }).set({ hour, minute });
    if (hours.days.includes(candidate.weekday) && candidate.toMillis() > at.getTime()) return candidate.toJSDate();
  }
  throw new Error('working hours have no working day');
}

export type PagingDecision =
  | { kind: 'page' }
  /** Outside working hours: a silent notification now, the page when working hours start. */
  | { kind: 'quiet'; pageAt: Date }
  | { kind: 'timeline-only' };

/** What a new incident of a paging class does at an instant. Without declared working hours, daytime pages. */
export function pagingDecision(pagingClass: PagingClass, hours: WorkingHours | undefined, at: Date): PagingDecision {
  if (pagingClass === 'never') return { kind: 'timeline-only' };
  if (pagingClass === 'always' || !hours || isWorkingTime(hours, at)) return { kind: 'page' };
  return { kind: 'quiet', pageAt: nextWorkingStart(hours, at) };
}
