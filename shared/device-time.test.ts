import { describe, expect, it } from 'vitest';
import { clockOffText, countedTime } from './device-time.js';

const opened = '2026-11-23T03:00:00.000Z';
const received = '2026-11-23T03:10:00.000Z';

describe('the time that counts for a tap', () => {
  it('is the device time when it lies between the incident opening and the server receiving it', () => {
    expect(countedTime('2026-11-23T03:04:00.000Z', opened, received)).toEqual({ occurredAt: '2026-11-23T03:04:00.000Z' });
    // A tap queued offline for hours still counts when it was made.
    expect(countedTime('2026-11-23T03:00:30+00:00', opened, '2026-11-23T09:00:00.000Z')).toEqual({
      occurredAt: '2026-11-23T03:00:30.000Z',
    });
  });

  it('is never before the incident opened nor after the server received it; the device time is kept beside', () => {
    expect(countedTime('1900-01-01T00:00:00Z', opened, received)).toEqual({
      occurredAt: opened,
      deviceTime: '1900-01-01T00:00:00.000Z',
    });
    expect(countedTime('9999-12-31T23:59:59Z', opened, received)).toEqual({
      occurredAt: received,
      deviceTime: '9999-12-31T23:59:59.000Z',
    });
  });

  it('does not keep a device time off by 2 minutes or less: ordinary drift', () => {
    expect(countedTime('2026-11-23T03:12:00.000Z', opened, received)).toEqual({ occurredAt: received });
    expect(countedTime('2026-11-23T02:57:59.000Z', opened, received)).toEqual({
      occurredAt: opened,
      deviceTime: '2026-11-23T02:57:59.000Z',
    });
  });
});

describe('how far off a device clock was, in words', () => {
  const off = (deviceTime: string, occurredAt = opened) => clockOffText({ occurredAt, deviceTime });
  it('says behind or ahead, roughly', () => {
    expect(off('2026-11-23T00:00:00.000Z')).toBe('device clock was 3 h behind');
    expect(off('2026-11-23T03:25:00.000Z')).toBe('device clock was 25 min ahead');
    expect(off('2026-11-28T03:00:00.000Z')).toBe('device clock was 5 days ahead');
    expect(off('1900-01-01T00:00:00.000Z')).toBe('device clock was 127 years behind');
  });

  it('says nothing when the device time was not kept', () => {
    expect(clockOffText({ occurredAt: opened })).toBeNull();
  });
});
