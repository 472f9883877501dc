/**
 * Work the first screen will need, done ahead while its requests are on their way, each step in a task of
 * its own: zod's first build of a schema, or the first localized date (the browser loads its locale and
 * time-zone data), costs tens of milliseconds on a slow phone. Left to the task that receives an answer or
 * draws the screen, it would make that one long task, holding up taps and the first screen.
 */
export function inTurn(steps: readonly (() => void)[]): void {
  const [first, ...rest] = steps;
  if (!first) return;
  setTimeout(() => {
    first();
    inTurn(rest);
  });
}

/** A step that builds a schema (shared/lazy-schema.ts) before its answer arrives. */
export const building =
  (schema: { _zod: unknown }): (() => void) =>
  () =>
    void schema._zod;
