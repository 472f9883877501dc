import { describe, expect, it } from 'vitest';
import { isWorkingTime, nextWorkingStart, pagingDecision, type WorkingHours } from './working-hours.js';

const dublin: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', timeZone: 'Europe/Dublin' };
const at = (iso: string) => new Date(iso);

describe('working hours', () => {
  it('knows working time in the team time zone, summer and winter', () => {
    expect(isWorkingTime(dublin, at('2026-07-01T08:30:00Z'))).toBe(true); // 09:30 IST, Wednesday
    expect(isWorkingTime(dublin, at('2026-07-01T07:30:00Z'))).toBe(false); // 08:30 IST
    expect(isWorkingTime(dublin, at('2026-12-02T08:30:00Z'))).toBe(false); // 08:30 GMT
    expect(isWorkingTime(dublin, at('2026-12-02T17:59:00Z'))).toBe(true);
    expect(isWorkingTime(dublin, at('2026-12-02T18:00:00Z'))).toBe(false);
    expect(isWorkingTime(dublin, at('2026-12-05T12:00:00Z'))).toBe(false); // Saturday
  });

  it('finds the next start: Friday night → Monday 09:00, across the October clock change', () => {
    expect(nextWorkingStart(dublin, at('2026-10-23T22:00:00Z')).toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect(nextWorkingStart(dublin, at('2026-10-22T22:00:00Z')).toISOString()).toBe('2026-10-23T08:00:00.000Z');
  });

  it('decides by paging class: always pages, never does not, daytime waits for working hours', () => {
    const night = at('2026-11-25T02:00:00Z');
    expect(pagingDecision('always', dublin, night)).toEqual({ kind: 'page' });
    expect(pagingDecision('never', dublin, night)).toEqual({ kind: 'timeline-only' });
    expect(pagingDecision('daytime', dublin, night)).toEqual({ kind: 'quiet', pageAt: at('2026-11-25T09:00:00Z') });
    expect(pagingDecision('daytime', dublin, at('2026-11-25T10:00:00Z'))).toEqual({ kind: 'page' });
    expect(pagingDecision('daytime', undefined, night)).toEqual({ kind: 'page' });
  });
});
