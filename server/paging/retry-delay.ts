/**
 * How long to wait before the `attempt`+1st try: what the push service asked for (Retry-After), else
 * exponential backoff with jitter, so many pages held up by one outage do not all come back at once.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  { retryBaseMs, maxRetryMs }: { retryBaseMs: number; maxRetryMs: number },
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, maxRetryMs);
  const backoff = retryBaseMs * 2 ** Math.min(attempt - 1, 30);
  return Math.min(backoff, maxRetryMs) * (0.8 + random() * 0.4);
}
