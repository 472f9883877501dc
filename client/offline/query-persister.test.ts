import type { PersistedClient, Persister } from '@tanstack/react-query-persist-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restoringAtMost } from './query-persister.js';

const copy: PersistedClient = { timestamp: 1, buster: '2', clientState: { queries: [], mutations: [] } };

/** A device store whose read answers when the test says so, and which records what is written. */
function slowStore() {
  let answer!: (value: PersistedClient | undefined) => void;
  const writes: string[] = [];
  const store: Persister = {
    restoreClient: () => new Promise((resolve) => (answer = resolve)),
    persistClient: () => void writes.push('persist'),
    removeClient: () => void writes.push('remove'),
  };
  return { store, writes, answer: (value: PersistedClient | undefined = copy) => answer(value) };
}

describe('the saved copy is waited for', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const online = (onLine: boolean) => vi.stubGlobal('navigator', { onLine });

  it('online, at most the given time; a copy read later still goes to be restored', async () => {
    online(true);
    const { store, answer } = slowStore();
    const late = vi.fn();
    let restored: PersistedClient | undefined | 'waiting' = 'waiting';
    void Promise.resolve(restoringAtMost(store, 2_000, late).restoreClient()).then((r) => (restored = r));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(restored).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(restored).toBeUndefined();
    answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(late).toHaveBeenCalledWith(copy);
  });

  it('online, a copy read in time is restored as usual', async () => {
    online(true);
    const { store, answer } = slowStore();
    const late = vi.fn();
    const restoring = restoringAtMost(store, 2_000, late).restoreClient();
    answer();
    expect(await restoring).toBe(copy);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(late).not.toHaveBeenCalled();
  });

  it('offline, as long as the device takes: the copy is all there is to show', async () => {
    online(false);
    const { store, answer } = slowStore();
    let restored: PersistedClient | undefined | 'waiting' = 'waiting';
    void Promise.resolve(restoringAtMost(store, 2_000, vi.fn()).restoreClient()).then((r) => (restored = r));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(restored).toBe('waiting');
    answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(restored).toBe(copy);
  });

  it('nothing is written over the copy before it has been read', async () => {
    online(true);
    const { store, writes, answer } = slowStore();
    const persister = restoringAtMost(store, 2_000, vi.fn());
    void persister.restoreClient();
    await vi.advanceTimersByTimeAsync(2_000);
    const saved = Promise.resolve(persister.persistClient(copy));
    const removed = Promise.resolve(persister.removeClient());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(writes).toEqual([]);
    answer();
    await saved;
    await removed;
    expect(writes).toEqual(['persist', 'remove']);
  });
});
