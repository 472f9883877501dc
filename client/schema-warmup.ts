/**
 * Builds schemas ahead of the answers they check, each in a task of its own, while the requests are on their
 * way. zod's first build of a schema costs tens of milliseconds on a slow phone; left to the task that
 * receives the answer, it would make that one long task holding up taps and the first screen.
 */
export function buildSchemasInTurn(schemas: readonly { _zod: unknown }[]): void {
  const [first, ...rest] = schemas;
  if (!first) return;
  setTimeout(() => {
    void first._zod;
    buildSchemasInTurn(rest);
  });
}
