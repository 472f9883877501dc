/**
 * Starts `send(i)` for i = 0 … total − 1 at `rate` a second, each at its due time counted from the first, so a late
 * one goes at once and a slow moment does not lower the rate; resolves when all of them have.
 */
export async function paced<T>(rate: number, total: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const started = performance.now();
  const inflight: Promise<T>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(send(i));
  }
  return Promise.all(inflight);
}
