import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay.js';

const limits = { retryBaseMs: 1000, maxRetryMs: 300_000 };
const middle = () => 0.5;

describe('retry delay', () => {
  it('doubles from the base, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, null, limits, middle))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(20, null, limits, middle)).toBe(300_000);
    expect(retryDelayMs(5000, null, limits, middle)).toBe(300_000);
  });

  it('spreads retries ±20% so an outage does not send them back all at once', () => {
    expect(retryDelayMs(1, null, limits, () => 0)).toBe(800);
    expect(retryDelayMs(1, null, limits, () => 0.9999)).toBeCloseTo(1200, 0);
  });

  it("honours the push service's Retry-After, within the cap", () => {
    expect(retryDelayMs(1, 30_000, limits)).toBe(30_000);
    expect(retryDelayMs(1, 3_600_000, limits)).toBe(300_000);
  });
});
