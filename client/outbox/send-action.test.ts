import { describe, expect, it } from 'vitest';
import type { ActionBody } from '../../shared/actions.js';
import { foldIncident } from '../../shared/reducer.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import { sendAction } from './send-action.js';

const ack: ActionBody = { id: '0b9f8a44-3f7e-4c55-9a53-7d1f8f0c2b11', type: 'ack', occurredAt: '2026-11-23T03:00:00Z' };
const answering = (status: number, body: unknown) =>
  (async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })) as unknown as typeof fetch;
const error = (code: string, message: string) => ({ error: { code, message } });
/** What onpoint answers to the ack: the recorded event and the incident's state after it. */
const recordedAck: TimelineEvent = {
  ...ack,
  incidentId: 'inc 1',
  seq: 7,
  recordedAt: '2026-11-23T03:00:01Z',
  actor: { kind: 'person', email: 'alice@example.com', name: 'Alice' },
};
const accepted = { event: recordedAck, state: foldIncident([recordedAck]), created: true };

describe('sending one queued action', () => {
  it('posts the action as it was taken, id and device time included', async () => {
    let sent: { url: string; body: unknown } | null = null;
    const fetchImpl = (async (url: string, init: RequestInit) => {
      sent = { url, body: JSON.parse(init.body as string) };
      return new Response(JSON.stringify(accepted), { status: 201 });
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
    // A captive portal or a proxy answering 200 has not recorded anything: the tap stays queued.
    expect(await sendAction('i', ack, answering(200, '<html>Sign in to the hotel Wi-Fi</html>'))).toEqual({
      kind: 'try_later',
      status: 200,
    });
    expect(await sendAction('i', ack, answering(200, { ok: true }))).toEqual({ kind: 'try_later', status: 200 });
    // A proxy's HTML error page is not onpoint refusing the action.
    expect(await sendAction('i', ack, answering(404, '<html>Not Found</html>'))).toEqual({ kind: 'try_later', status: 404 });
    expect(await sendAction('i', ack, answering(403, error('not_point', 'Only Bob can hand off')))).toEqual({
      kind: 'rejected',
      status: 403,
      message: 'Only Bob can hand off',
    });
  });
});
