import { afterEach, describe, expect, it, vi } from 'vitest';
import { Me, NoContent } from '../shared/api.js';
import { api, ApiError } from './api.js';

const answering = (status: number, body: string) =>
  vi.stubGlobal('fetch', async () => new Response(status === 204 ? null : body, { status }));

afterEach(() => vi.unstubAllGlobals());

describe('reading an answer', () => {
  it('gives what the schema describes', async () => {
    answering(200, JSON.stringify({ email: 'alice@example.com', name: 'Alice' }));
    expect(await api('/api/me', Me)).toEqual({ email: 'alice@example.com', name: 'Alice' });
    answering(204, '');
    expect(await api('/api/logout', NoContent, { method: 'POST', body: {} })).toBeUndefined();
  });

  it('says which field of an answer does not match, instead of passing on an undefined', async () => {
    answering(200, JSON.stringify({ email: 'alice@example.com' }));
    const error = await api('/api/me', Me).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/^onpoint answered \/api\/me unexpectedly \(name: /),
    });
  });
});
