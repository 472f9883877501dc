import { DateTime } from 'luxon';

/** [start, end) in epoch milliseconds during which a time zone is `offset` milliseconds ahead of UTC. */
export interface OffsetSpan {
  start: number;
  end: number;
  offset: number;
}

const DAY = 24 * 3600_000;
const offsetAt = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).offset * 60_000;

/**
 * A time zone's offsets over [from, to]: one span per stretch between DST changes (one to three a quarter).
 * With them SQL turns an instant into local time by adding a number, and local days, weekdays, hours and
 * nights are integer arithmetic on both SQLite and PostgreSQL. Pure.
 */
export function offsetSpans(zone: string, from: number, to: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let start = from;
  let offset = offsetAt(from, zone);
  // Offsets change at most once a day: look day by day, then find the millisecond it changed.
  for (let day = from; day <= to; day += DAY) {
    const next = Math.min(day + DAY, to + 1);
    if (offsetAt(next, zone) === offset) continue;
    let [before, after] = [day, next];
    while (after - before > 1) {
      const mid = Math.floor((before + after) / 2);
      if (offsetAt(mid, zone) === offset) before = mid;
      else after = mid;
    }
    spans.push({ start, end: after, offset });
    [start, offset] = [after, offsetAt(after, zone)];
  }
  spans.push({ start, end: to + 1, offset });
  return spans;
}
