import { describe, expect, it } from 'vitest';
import { reopenedText } from './alert-group.js';

describe('how a flapping group is told', () => {
  const at = '2026-11-22T20:00:00Z';
  it('counts the times and the stretch since the first', () => {
    expect(reopenedText({ times: 3, firstAt: '2026-11-22T18:00:00Z' }, at)).toBe('3rd time in 2 h');
    expect(reopenedText({ times: 2, firstAt: '2026-11-22T19:20:00Z' }, at)).toBe('2nd time in 40 min');
    expect(reopenedText({ times: 11, firstAt: '2026-11-21T21:00:00Z' }, at)).toBe('11th time in 23 h');
    expect(reopenedText({ times: 21, firstAt: '2026-11-22T19:59:50Z' }, at)).toBe('21st time in 1 min');
  });
});
