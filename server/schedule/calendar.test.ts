import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFeedTokens, personFeed, rotationFeed } from './calendar.js';
import type { Rotation } from './rotation.js';

const rotation: Rotation = {
  id: 'payments',
  name: 'Payments on-call',
  members: ['alice', 'bob'],
  shift: { days: 7, handoff: { weekday: 5, time: '12:00', timeZone: 'Europe/Dublin' }, startDate: '2026-10-02' },
};
const from = new Date('2026-10-20T00:00:00Z');
const names = (e: string) => ({ alice: 'Alice', bob: 'Bob' })[e] ?? e;

describe('calendar feeds', () => {
  it('lists each shift of a rotation in UTC, handoffs at 12:00 Dublin across the clock change', () => {
    const feed = rotationFeed(rotation, [], from, names);
    expect(feed).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(feed).toContain('DTSTART:20261016T110000Z');
    expect(feed).toContain('DTSTART:20261023T110000Z');
    expect(feed).toContain('DTSTART:20261030T120000Z');
    expect(feed).toContain('SUMMARY:Payments on-call: Bob primary\\, Alice secondary');
    expect(feed.match(/BEGIN:VEVENT/g)).toHaveLength(26);
  });

  it("shows a person's own shifts and covers only", () => {
    const cover = {
      id: 'o1',
      rotationId: 'payments',
      role: 'primary' as const,
      person: 'alice',
      start: new Date('2026-10-24T18:00:00Z'),
      end: new Date('2026-10-24T23:00:00Z'),
      createdAt: from,
    };
    const feed = personFeed('alice', [rotation], [cover], from);
    expect(feed).toContain('SUMMARY:On call (primary): Payments on-call');
    expect(feed).toContain('SUMMARY:On call (secondary): Payments on-call');
    expect(feed).toContain('SUMMARY:Covering (primary): Payments on-call');
    expect(feed.match(/BEGIN:VEVENT/g)).toHaveLength(26 + 1);
  });

  it('accepts only the token made for that feed', () => {
    const tokens = createFeedTokens(randomBytes(32));
    const token = tokens.sign('rotation:payments');
    expect(tokens.verify('rotation:payments', token)).toBe(true);
    expect(tokens.verify('person:alice', token)).toBe(false);
    expect(tokens.verify('rotation:payments', 'x')).toBe(false);
  });
});
