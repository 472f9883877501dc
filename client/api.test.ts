import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoContent, WhoAmI } from '../shared/api.js';
import { api, ApiError, REQUEST_TIMEOUT_MS } from './api.js';

const answering = (status: number, body: string) =>
  vi.stubGlobal('fetch', async () => new Response(status === 204 ? null : body, { status }));

afterEach(() => vi.unstubAllGlobals());

describe('reading an answer', () => {
  it('gives what the schema describes', async () => {
    answering(200, JSON.stringify({ person: { email: 'alice@example.com', name: 'Alice' } }));
    expect(await api('/api/me', WhoAmI)).toEqual({ person: { email: 'alice@example.com', name: 'Alice' } });
    answering(204, '');
    expect(await api('/api/logout', NoContent, { method: 'POST', body: {} })).toBeUndefined();
  });

  it('says which field of an answer does not match, instead of passing on an undefined', async () => {
    answering(200, JSON.stringify({ person: { email: 'alice@example.com' } }));
    const error = await api('/api/me', WhoAmI).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/^onpoint answered \/api\/me unexpectedly \(person\.name: /),
    });
  });
});

describe('an answer that never comes', () => {
  it('is given up on after the request timeout, as unreachable, so a retry or the live stream can help', async () => {
    vi.useFakeTimers();
    // Node's AbortSignal.timeout runs on its own timers; this one runs on the fake clock, the same way.
    vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DOMException('The operation timed out', 'TimeoutError')), ms);
      return controller.signal;
    });
    // A connection that stalls: the request is sent and nothing ever comes back, until it is aborted.
    vi.stubGlobal(
      'fetch',
      (_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason as DOMException)),
        ),
    );
    const answer = api('/api/incidents', WhoAmI).catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    expect(await answer).toMatchObject({
      status: 0,
      code: 'timeout',
      message: expect.stringContaining('did not answer in 15 s'),
    });
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
});
