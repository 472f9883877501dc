import type { QueryClient } from '@tanstack/react-query';

export interface SettleTimes {
  /** Once some answer is in, how long the answers may stop coming while others are still out. */
  quietMs: number;
  /** Longest wait when nothing answers at all. */
  capMs: number;
}

/** For the first render of a cold start with nothing saved on the device. */
export const FIRST_ANSWERS: SettleTimes = { quietMs: 400, capMs: 3_000 };

/**
 * Resolves once no request is on its way (one paused for want of a network does not count); or once answers
 * have stopped coming for `quietMs` (a stalled request must not hold up the others' screen); or after `capMs`.
 * A first screen rendered before its answers would be drawn again with each of them, each time in one piece:
 * an answer reaches React as a store update, which it cannot render in slices.
 */
export function whenAnswersSettle(client: QueryClient, { quietMs, capMs }: SettleTimes): Promise<void> {
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      unsubscribe();
      clearTimeout(cap);
      clearTimeout(quiet);
      resolve();
    };
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      if (client.isFetching() === 0) return done();
      if (event.type === 'updated' && (event.action.type === 'success' || event.action.type === 'error')) {
        clearTimeout(quiet);
        quiet = setTimeout(done, quietMs);
      }
    });
    const cap = setTimeout(done, capMs);
    if (client.isFetching() === 0) done();
  });
}
