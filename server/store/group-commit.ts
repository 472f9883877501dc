/**
 * Commits work that arrives in the same turn of the event loop (or within `windowMs`) together: one
 * transaction, one durable sync, instead of one each. `commit` answers one result per item, in order. If
 * the group fails, each item is tried on its own, so one bad item fails alone.
 */
export function createGroupCommit<T, R>(
  commit: (items: T[]) => Promise<R[]>,
  { windowMs = 0 }: { windowMs?: number } = {},
): (item: T) => Promise<R> {
  let pending: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];

  async function flush() {
    const batch = pending;
    pending = [];
    try {
      const results = await commit(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const p of batch) {
        try {
          p.resolve((await commit([p.item]))[0]);
        } catch (itemErr) {
          p.reject(itemErr);
        }
      }
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (pending.length === 1) {
        if (windowMs > 0) setTimeout(() => void flush(), windowMs);
        else setImmediate(() => void flush());
      }
    });
}
