import { describe, expect, it } from 'vitest';
import type { ActionBody } from '../../shared/actions.js';
import { sendAction } from './send-action.js';

const ack: ActionBody = { id: '0b9f8a44-3f7e-4c55-9a53-7d1f8f0c2b11', type: 'ack', occurredAt: '2026-11-23T03:00:00Z' };
const answering = (status: number, body: unknown) =>
  (async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })) as unknown as typeof fetch;
const error = (code: string, message: string) => ({ error: { code, message } });

describe('sending one queued action', () => {
  it('posts the action as it was taken, id and device time included', async () => {
    let sent: { url: string; body: unknown } | null = null;
    const fetchImpl = (async (url: string, init: RequestInit) => {
      sent = { url, body: JSON.parse(init.body as string) };
      return new Response(JSON.stringify({ event: {}, state: {}, created: true }), { status: 200 });
    }) as unknown as typeof fetch;
    expect((await sendAction('inc 1', ack, fetchImpl)).kind).toBe('sent');
    expect(sent).toEqual({ url: '/api/incidents/inc%201/actions', body: ack });
  });

  it('tells a dead connection, an ended session and a struggling server apart from a refusal', async () => {
    const noNetwork = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await sendAction('i', ack, noNetwork)).toEqual({ kind: 'unreachable' });
    expect(await sendAction('i', ack, answering(401, error('unauthorized', 'Log in')))).toEqual({ kind: 'logged_out' });
    expect(await sendAction('i', ack, answering(503, error('unavailable', 'Store down')))).toEqual({
      kind: 'try_later',
      status: 503,
    });
    expect(await sendAction('i', ack, answering(429, error('rate_limited', 'Slow down')))).toEqual({
      kind: 'try_later',
      status: 429,
    });
    // A proxy's HTML error page is not onpoint refusing the action.
    expect(await sendAction('i', ack, answering(404, '<html>Not Found</html>'))).toEqual({ kind: 'try_later', status: 404 });
    expect(await sendAction('i', ack, answering(403, error('not_point', 'Only Bob can hand off')))).toEqual({
      kind: 'rejected',
      status: 403,
      message: 'Only Bob can hand off',
    });
  });
});
