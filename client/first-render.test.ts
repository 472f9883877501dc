import { onlineManager, QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenAnswersSettle } from './first-render.js';

const times = { quietMs: 400, capMs: 3_000 };

/** A request answered when the test says so. */
function request(client: QueryClient, key: string) {
  let answer!: (value: string) => void;
  let fail!: (error: Error) => void;
  void client
    .prefetchQuery({
      queryKey: [key],
      queryFn: () => new Promise<string>((res, rej) => ((answer = res), (fail = rej))),
      retry: false,
    })
    .catch(() => undefined);
  return { answer: (value = key) => answer(value), fail: () => fail(new Error(`${key} failed`)) };
}

describe('the first render waits for the answers at start', () => {
  let client: QueryClient;
  let settled: boolean;
  const watch = () => void whenAnswersSettle(client, times).then(() => (settled = true));

  beforeEach(() => {
    vi.useFakeTimers();
    client = new QueryClient();
    settled = false;
  });
  afterEach(() => {
    vi.useRealTimers();
    onlineManager.setOnline(true);
  });

  it('until every request is answered, failures included', async () => {
    const me = request(client, 'me');
    const list = request(client, 'incidents');
    const team = request(client, 'team');
    watch();
    me.answer();
    list.answer();
    await vi.advanceTimersByTimeAsync(100);
    expect(settled).toBe(false);
    team.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
  });

  it('not at all when nothing is on its way', async () => {
    watch();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
  });

  it('not for requests paused with no network', async () => {
    onlineManager.setOnline(false);
    request(client, 'me');
    watch();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
  });

  it('not for a stalled request once the others have stopped answering', async () => {
    const list = request(client, 'incidents');
    request(client, 'devices');
    watch();
    await vi.advanceTimersByTimeAsync(1_000);
    list.answer();
    await vi.advanceTimersByTimeAsync(399);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
  });

  it('at most capMs when nothing answers', async () => {
    request(client, 'me');
    watch();
    await vi.advanceTimersByTimeAsync(2_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
  });
});
