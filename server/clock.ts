/** What time it is. One clock is made in `main` and passed to everything, so a test (or the demo seed) can set it. */
export type Clock = () => Date;

/** The system's time: the only place onpoint reads it. */
export const systemClock: Clock = () => new Date();

export interface SettableClock extends Clock {
  /** Holds the clock at `at`; null lets it run again. */
  set(at: Date | null): void;
}

/** A clock that can be held at a moment and let run again; it reads `base` while it runs. */
export function settableClock(base: Clock = systemClock): SettableClock {
  let held: Date | null = null;
  return Object.assign(() => held ?? base(), {
    set(at: Date | null) {
      held = at;
    },
  });
}
