import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onRequest, onTimeout, start } from './climb.js';
import { lastStep, type Policy } from './policy.js';

const policy: Policy = {
  repeat: 0,
  confirmWithinMs: null,
  levels: [
    { delayMs: 5 * 60_000, targets: [{ kind: 'everyone' }] },
    { delayMs: 10 * 60_000, targets: [{ kind: 'everyone' }] },
    { delayMs: 15 * 60_000, targets: [{ kind: 'everyone' }] },
  ],
};

describe('the climb', () => {
  it('pages level 1 at once and looks again after its delay', () => {
    expect(start(policy)).toEqual({ pageStep: 0, nextInMs: 5 * 60_000 });
  });

  it('pages the next level when nobody acknowledged in time, and re-pages the last one', () => {
    expect(onTimeout(policy, 'triggered', 0)).toEqual({ pageStep: 1, nextInMs: 10 * 60_000 });
    expect(onTimeout(policy, 'triggered', 2)).toEqual({ pageStep: 2, nextInMs: 15 * 60_000 });
  });

  it('stops climbing once acknowledged, and everything stops once resolved', () => {
    expect(onTimeout(policy, 'acknowledged', 0)).toBeNull();
    expect(onTimeout(policy, 'resolved', 0)).toBeNull();
    expect(onRequest(policy, 'resolved', 0)).toBeNull();
  });

  it('escalates at once on request, even after an acknowledgement, without restarting the clock then', () => {
    expect(onRequest(policy, 'triggered', 0)).toEqual({ pageStep: 1, nextInMs: 10 * 60_000 });
    expect(onRequest(policy, 'acknowledged', 0)).toEqual({ pageStep: 1, nextInMs: null });
  });

  it('property: an unacknowledged incident always reaches the last level, and keeps paging it', () => {
    const anyPolicy = fc.record({
      repeat: fc.integer({ min: 0, max: 3 }),
      confirmWithinMs: fc.constant(null),
      levels: fc.array(
        fc.record({
          delayMs: fc.integer({ min: 1, max: 3_600_000 }),
          targets: fc.constant([] as Policy['levels'][number]['targets']),
        }),
        {
          minLength: 1,
          maxLength: 6,
        },
      ),
    });
    const requests = fc.array(fc.boolean(), { maxLength: 40 });
    fc.assert(
      fc.property(anyPolicy, requests, (p: Policy, asks) => {
        let move = start(p);
        const paged = [move.pageStep];
        // Timeouts, with requests for help mixed in, for longer than the climb can take.
        for (let i = 0; i < lastStep(p) + 2 + asks.length; i++) {
          move = (asks[i] ? onRequest(p, 'triggered', move.pageStep) : onTimeout(p, 'triggered', move.pageStep))!;
          if (move.nextInMs === null) return false;
          paged.push(move.pageStep);
        }
        const last = lastStep(p);
        const reachedAt = paged.indexOf(last);
        return (
          reachedAt >= 0 && paged.slice(reachedAt).every((s) => s === last) && paged.every((s, i) => i === 0 || s >= paged[i - 1])
        );
      }),
    );
  });
});
