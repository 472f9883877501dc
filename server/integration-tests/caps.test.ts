import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import { usePushStack } from '../test-support/push-stack.js';

interface OpenStream {
  status: number;
  body: string;
  close(): void;
}

/** Opens `GET /api/events` and returns once the answer's head is in: a 200 stays open until `close`. */
function openStream(url: string, cookie: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/api/events`, { headers: { cookie } }, (res: IncomingMessage) => {
      if (res.statusCode === 200) return resolve({ status: 200, body: '', close: () => req.destroy() });
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, close: () => undefined }));
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    req.end();
  });
}

const action = (type: 'note', text: string) => ({ id: randomUUID(), type, text, occurredAt: new Date().toISOString() });

describe('caps with clear errors', () => {
  const stack = usePushStack();
  let server: RunningServer;
  const streams: OpenStream[] = [];

  beforeAll(async () => {
    server = await stack.serve({ env: { ONPOINT_MAX_LIVE_STREAMS: '14' } });
  });
  afterAll(() => streams.forEach((s) => s.close()));

  it('refuses the 11th live stream of one login, not another login, and frees the slot when one closes', async () => {
    const alice = await new ApiClient(server.url).login('alice@example.com');
    for (let i = 0; i < 10; i++) {
      const stream = await openStream(server.url, alice.sessionCookie);
      expect(stream.status).toBe(200);
      streams.push(stream);
    }
    const eleventh = await openStream(server.url, alice.sessionCookie);
    expect(eleventh.status).toBe(429);
    expect(JSON.parse(eleventh.body).error.message).toBe(
      'This login already has 10 live connections open (tabs or windows): close some, then reload',
    );

    // Alice's laptop, logged in on its own, still gets a live stream.
    const laptop = await new ApiClient(server.url).login('alice@example.com');
    const other = await openStream(server.url, laptop.sessionCookie);
    expect(other.status).toBe(200);
    streams.push(other);

    streams.shift()!.close();
    let again: OpenStream;
    // The server hears of the closed socket a moment later; the freed slot is then Alice's again.
    for (;;) {
      again = await openStream(server.url, alice.sessionCookie);
      if (again.status !== 429) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(again.status).toBe(200);
    streams.push(again);
  });

  it('refuses streams past the process-wide cap with a 503 that says to try again', async () => {
    const open = streams.length; // 11 held by Alice's two logins
    const bob = await new ApiClient(server.url).login('bob@example.com');
    for (let i = open; i < 14; i++) {
      const stream = await openStream(server.url, bob.sessionCookie);
      expect(stream.status).toBe(200);
      streams.push(stream);
    }
    const over = await openStream(server.url, bob.sessionCookie);
    expect(over.status).toBe(503);
    expect(JSON.parse(over.body).error.code).toBe('server_busy');
  });

  it('refuses an 11th device with a message that says to remove one, and takes it once one is removed', async () => {
    const carol = await new ApiClient(server.url).login('carol@example.com');
    const register = (name: string, sub = stack.push.subscribe()) =>
      carol.request('POST', '/api/devices', { name, subscription: { endpoint: sub.endpoint, keys: sub.keys } });
    const first = stack.push.subscribe();
    expect((await register('Phone 1', first)).status).toBe(201);
    for (let i = 2; i <= 10; i++) expect((await register(`Phone ${i}`)).status).toBe(201);

    const eleventh = await register('Phone 11');
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.error.message).toMatch(/You already have 10 devices that get pages: remove one you no longer use/);
    // The same browser registering again is not a new device.
    expect((await register('Phone 1', first)).status).toBe(201);
    expect((await carol.request('GET', '/api/devices')).body.devices).toHaveLength(10);

    const [oldest] = (await carol.request('GET', '/api/devices')).body.devices;
    expect((await carol.request('DELETE', `/api/devices/${oldest.id}`)).status).toBe(204);
    expect((await register('Phone 11')).status).toBe(201);
  });

  it('takes a night of queued taps at once, and limits a runaway client per person with a retryable 429', async () => {
    const fired = await postAlertmanager(server.url, alertmanagerFixture('firing-single-critical.json'));
    const path = `/api/incidents/${fired.body.incidentId}/actions`;
    const alice = await new ApiClient(server.url).login('alice@example.com');
    const bob = await new ApiClient(server.url).login('bob@example.com');

    const night = await Promise.all(
      Array.from({ length: 60 }, (_, i) => alice.request('POST', path, action('note', `note ${i}`))),
    );
    expect(night.map((r) => r.status)).toEqual(Array(60).fill(201));

    const statuses: number[] = [];
    for (let i = 0; i < 250; i++) statuses.push((await alice.request('POST', path, action('note', `loop ${i}`))).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(240);
    const limited = await alice.request('POST', path, action('note', 'one more'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.body.error.message).toBe('You sent more than 300 actions in a minute: wait a little, then try again');
    // Bob, on the same incident, is not held back by Alice's client.
    expect((await bob.request('POST', path, action('note', 'bob here'))).status).toBe(201);
  });

  it('limits test pages per person', async () => {
    const bob = await new ApiClient(server.url).login('bob@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await bob.request('POST', '/api/push/test', {})).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(409)); // no device yet: answered, and counted
    expect(statuses[10]).toBe(429);
  });
});
