import { z } from 'zod';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazySchema } from '../shared/lazy-schema.js';
import { building, inTurn } from './warm-up.js';

describe('work done ahead of the answers', () => {
  afterEach(() => void vi.useRealTimers());

  it('are built one per task, in order, none in the task that asks', async () => {
    vi.useFakeTimers();
    const built: string[] = [];
    const schema = (name: string) => lazySchema(() => (built.push(name), z.object({ name: z.literal(name) })));
    const [person, list] = [schema('person'), schema('list')];
    inTurn([building(person), building(list)]);
    expect(built).toEqual([]);
    await vi.advanceTimersToNextTimerAsync();
    expect(built).toEqual(['person']);
    await vi.advanceTimersToNextTimerAsync();
    expect(built).toEqual(['person', 'list']);
    // Built once: checking an answer later uses the same schema.
    expect(list.parse({ name: 'list' })).toEqual({ name: 'list' });
    expect(built).toEqual(['person', 'list']);
  });
});
