import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchForSilence } from './live-watchdog.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a live stream gone silent', () => {
  it('is noticed once nothing came for the silent time, and again if it stays silent', () => {
    const onSilent = vi.fn();
    const watch = watchForSilence({ silentMs: 50_000, checkEveryMs: 10_000, onSilent });
    vi.advanceTimersByTime(40_000);
    expect(onSilent).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    // The replacement stream is given the same time to be heard from.
    vi.advanceTimersByTime(40_000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(onSilent).toHaveBeenCalledTimes(2);
    watch.stop();
  });

  it('is not noticed while heartbeats or events keep coming', () => {
    const onSilent = vi.fn();
    const watch = watchForSilence({ silentMs: 50_000, checkEveryMs: 10_000, onSilent });
    for (let i = 0; i < 30; i++) {
      vi.advanceTimersByTime(20_000);
      watch.heard();
    }
    expect(onSilent).not.toHaveBeenCalled();
    watch.stop();
    vi.advanceTimersByTime(600_000);
    expect(onSilent).not.toHaveBeenCalled();
  });
});
