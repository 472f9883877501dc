import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import { PushServiceDouble, type DoubleSubscription } from '../../e2e/support/push-service-double.js';
import { readEvents } from '../../e2e/support/sse.js';
import { startStack, type Stack } from '../../e2e/support/stack.js';
import type { IncidentView } from '../../shared/api.js';
import type { TimelineEvent } from '../../shared/timeline.js';

/** The page loop through the HTTP API: a real server process, real SQLite, real encrypted pushes. */
describe('page loop over the API', () => {
  let server: RunningServer;
  let push: PushServiceDouble;
  let alice: ApiClient;
  let bob: ApiClient;
  const devices: Record<string, DoubleSubscription> = {};

  const incident = async (id: string) => (await alice.request('GET', `/api/incidents/${id}`)).body as IncidentView;
  const eventsOf = async (id: string, type: TimelineEvent['type']) =>
    (await incident(id)).timeline.filter((e) => e.type === type);
  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const register = async (client: ApiClient, name: string) => {
    const sub = push.subscribe();
    const response = await client.request('POST', '/api/devices', {
      name,
      subscription: { endpoint: sub.endpoint, keys: sub.keys },
    });
    expect(response.status).toBe(201);
    devices[name] = sub;
    return response.body as { id: string };
  };

  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
    ({ server, push } = stack);
    alice = await new ApiClient(server.url).login('alice@example.com');
    bob = await new ApiClient(server.url).login('bob@example.com');
  });
  afterAll(() => stack?.stop());

  it('refuses a wrong password and anyone without a session', async () => {
    const wrong = await new ApiClient(server.url).request('POST', '/api/login', { email: 'alice@example.com', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Wrong email or password');
    const anonymous = new ApiClient(server.url);
    for (const [method, path] of [
      ['GET', '/api/session'],
      ['GET', '/api/incidents'],
      ['GET', '/api/devices'],
      ['GET', '/api/events'],
      ['GET', '/api/playbooks'],
    ]) {
      expect((await anonymous.request(method, path)).status, `${method} ${path}`).toBe(401);
    }
  });

  it('keeps the session in an httpOnly, SameSite cookie', async () => {
    const response = await new ApiClient(server.url).request('POST', '/api/login', {
      email: 'BOB@example.com',
      password: 'onpoint-demo',
    });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('refuses a device on a push service that is not allowed, and stores nothing', async () => {
    const response = await alice.request('POST', '/api/devices', {
      name: 'evil',
      subscription: { endpoint: 'https://169.254.169.254/latest', keys: push.subscribe().keys },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/not a known push service/);
    expect((await alice.request('GET', '/api/devices')).body.devices).toEqual([]);
  });

  it('pages every device of the primary with an encrypted, high-urgency push per incident', async () => {
    await register(alice, 'Pixel 8');
    await register(alice, 'Laptop');
    await register(bob, 'Bob phone');

    const response = await postAlertmanager(server.url, alertmanagerFixture('firing-single-critical.json'));
    expect(response.status).toBe(200);
    expect(response.body.outcome).toBe('opened');
    const id = response.body.incidentId;

    const [pixel, laptop] = await Promise.all([push.waitForPush(devices['Pixel 8'].id), push.waitForPush(devices.Laptop.id)]);
    expect(pixel.payload).toMatchObject({
      kind: 'page',
      incidentId: id,
      title: 'Checkout API 5xx rate above 5% for 5m',
      severity: 'critical',
      summary: 'Checkout API 5xx rate above 5% for 5m',
      url: `/incidents/${id}`,
    });
    expect(pixel.urgency).toBe('high');
    expect(pixel.ttl).toBeGreaterThan(0);
    expect(pixel.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(laptop.topic).toBe(pixel.topic);
    expect(push.pushesFor(devices['Bob phone'].id)).toEqual([]);

    const paged = await waitFor('two paged events', async () => {
      const events = await eventsOf(id, 'paged');
      return events.length === 2 && events;
    });
    expect(paged.map((e) => (e.type === 'paged' ? e.deviceName : '')).sort()).toEqual(['Laptop', 'Pixel 8']);
    expect((await incident(id)).playbookContent?.title).toBe('Checkout API error rate is high');
  });

  it('never pages again for a re-sent group', async () => {
    const before = push.received.length;
    const again = await postAlertmanager(server.url, alertmanagerFixture('firing-single-critical.json'));
    expect(again.body.outcome).toBe('duplicate');
    // A different group pages next; when its push arrives, the repeat would have too.
    const other = await postAlertmanager(server.url, alertmanagerFixture('firing-group-truncated.json'));
    expect(other.body.outcome).toBe('opened');
    await push.waitForPush(devices['Pixel 8'].id, 2);
    await push.waitForPush(devices.Laptop.id, 2);
    expect(push.received.slice(before).map((p) => (p.payload as { incidentId: string }).incidentId)).toEqual([
      other.body.incidentId,
      other.body.incidentId,
    ]);
  });

  it('shows a delivery receipt on the timeline, once', async () => {
    const [first] = push.pushesFor(devices['Pixel 8'].id);
    const { receipt, incidentId } = first.payload as { receipt: string; incidentId: string };
    const send = (body: unknown) => new ApiClient(server.url).request('POST', '/api/push/receipts', body);
    expect((await send({ receipt })).status).toBe(204);
    expect((await send({ receipt })).status).toBe(204);
    const forged = await send({ receipt: receipt.replace(incidentId, randomUUID()) });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toBe('This receipt was not issued by this server');
    const delivered = await eventsOf(incidentId, 'delivered');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ person: 'alice@example.com', deviceName: 'Pixel 8' });
    // It names the push it confirms, as that push's "paged" line does: a later page to the same phone is not it.
    const pagedLine = (await eventsOf(incidentId, 'paged')).find((e) => e.type === 'paged' && e.deviceName === 'Pixel 8');
    expect(pagedLine).toMatchObject({ pushId: expect.any(String) });
    expect(delivered[0]).toMatchObject({ pushId: (pagedLine as { pushId: string }).pushId });
    const listed = (await alice.request('GET', '/api/devices')).body.devices.find((d: { name: string }) => d.name === 'Pixel 8');
    expect(listed.lastDeliveredAt).not.toBeNull();
  });

  it('records an acknowledgement once, however often it is replayed, and gives point to the first', async () => {
    const id = (await postAlertmanager(server.url, alertmanagerFixture('firing-single-critical.json'))).body.incidentId;
    // Tapped on a phone an hour ahead of UTC.
    const tapped = DateTime.now().setZone('UTC+1');
    const action = { id: randomUUID(), type: 'ack', occurredAt: tapped.toISO(), via: 'notification' };
    const first = await alice.request('POST', `/api/incidents/${id}/actions`, action);
    expect(first.status).toBe(201);
    expect(first.body.state).toMatchObject({ status: 'acknowledged', point: 'alice@example.com' });
    expect(first.body.event.occurredAt).toBe(tapped.toUTC().toISO());

    const replay = await alice.request('POST', `/api/incidents/${id}/actions`, action);
    expect(replay.status).toBe(200);
    expect(replay.body.created).toBe(false);
    expect(replay.body.event).toEqual(first.body.event);

    const bobAck = await bob.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'ack',
      occurredAt: new Date().toISOString(),
    });
    expect(bobAck.body.state.point).toBe('alice@example.com');
    expect(await eventsOf(id, 'ack')).toHaveLength(2);
  });

  it('refuses a bad action with a message naming the field, and writes nothing', async () => {
    const id = (await postAlertmanager(server.url, alertmanagerFixture('firing-single-critical.json'))).body.incidentId;
    const before = (await incident(id)).timeline.length;
    const bad = await alice.request('POST', `/api/incidents/${id}/actions`, {
      id: 'not-a-uuid',
      type: 'ack',
      occurredAt: 'yesterday',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not valid: id must be a UUID/);
    expect(bad.body.error.message).toMatch(/occurredAt/);
    const unknown = await alice.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'reboot',
      occurredAt: new Date().toISOString(),
    });
    expect(unknown.status).toBe(400);
    const handoff = await alice.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'handoff',
      to: 'mallory@example.com',
      occurredAt: new Date().toISOString(),
    });
    expect(handoff.body.error.message).toBe('mallory@example.com is not on this team');
    const missing = await alice.request('POST', `/api/incidents/${randomUUID()}/actions`, {
      id: randomUUID(),
      type: 'ack',
      occurredAt: new Date().toISOString(),
    });
    expect(missing.status).toBe(404);
    expect((await incident(id)).timeline.length).toBe(before);
  });

  it('resolves the incident when Alertmanager resolves the group', async () => {
    const response = await postAlertmanager(server.url, alertmanagerFixture('resolved-single.json'));
    expect(response.body.outcome).toBe('resolved');
    const view = await incident(response.body.incidentId);
    expect(view.state.status).toBe('resolved');
    expect(view.state.resolvedBy).toEqual({ kind: 'system', name: 'Alertmanager' });
    expect((await postAlertmanager(server.url, alertmanagerFixture('resolved-single.json'))).body.outcome).toBe('duplicate');
  });

  it('answers a wrong token with 401 and a bad payload with 400, writing nothing', async () => {
    const count = async () => (await alice.request('GET', '/api/incidents')).body.incidents.length;
    const before = await count();
    const fresh = { ...alertmanagerFixture('firing-single-critical.json'), groupKey: 'never-seen' };
    expect((await postAlertmanager(server.url, fresh, 'wrong-token')).status).toBe(401);
    expect((await new ApiClient(server.url).request('POST', '/api/integrations/alertmanager', fresh)).status).toBe(401);
    const bad = await postAlertmanager(server.url, { ...fresh, alerts: [{ status: 'firing' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/alerts\[0\]\.labels/);
    const notJson = await fetch(`${server.url}/api/integrations/alertmanager`, {
      method: 'POST',
      headers: { Authorization: 'Bearer demo-alertmanager-token', 'Content-Type': 'application/json' },
      body: '{"version": "4",',
    });
    expect(notJson.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('puts a never-paging alert on the timeline only', async () => {
    const before = push.received.length;
    const response = await postAlertmanager(server.url, alertmanagerFixture('firing-nonpaging-untrusted-text.json'));
    const view = await incident(response.body.incidentId);
    expect(view.pagingClass).toBe('never');
    expect(view.details.description).toContain('<script>');
    expect(view.timeline.map((e) => e.type)).toEqual(['triggered', 'not_paged']);
    expect(push.received.length).toBe(before);
  });

  it('retries a busy push service with backoff and forgets a subscription that is gone', async () => {
    push.failNext(devices['Pixel 8'].id, [429, 503]);
    push.expire(devices.Laptop.id);
    const payload = { ...alertmanagerFixture('firing-single-critical.json'), groupKey: 'retry-group' };
    const id = (await postAlertmanager(server.url, payload)).body.incidentId;
    const arrived = await push.waitForPush(devices['Pixel 8'].id, 3);
    expect((arrived.payload as { incidentId: string }).incidentId).toBe(id);
    const failed = await waitFor('push_failed', async () => (await eventsOf(id, 'push_failed'))[0]);
    expect(failed).toMatchObject({ deviceName: 'Laptop', deviceRemoved: true });
    // Its outcome is written a moment after the push service took it: one line for three tries.
    await waitFor('paged', async () => (await eventsOf(id, 'paged'))[0]);
    expect(await eventsOf(id, 'paged')).toHaveLength(1);
    const names = (await alice.request('GET', '/api/devices')).body.devices.map((d: { name: string }) => d.name);
    expect(names).toEqual(['Pixel 8']);
  });

  it('sends a test page to this person only', async () => {
    const bobBefore = push.pushesFor(devices['Bob phone'].id).length;
    const pixelBefore = push.pushesFor(devices['Pixel 8'].id).length;
    const response = await alice.request('POST', '/api/push/test', {});
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([{ deviceId: expect.any(String), deviceName: 'Pixel 8', ok: true }]);
    const test = await push.waitForPush(devices['Pixel 8'].id, pixelBefore + 1);
    expect(test.payload).toMatchObject({ kind: 'test', incidentId: null });
    expect(push.pushesFor(devices['Bob phone'].id)).toHaveLength(bobBefore);
  });

  it('lets a person remove their own devices only', async () => {
    const spare = await register(alice, 'Old tablet');
    expect((await bob.request('DELETE', `/api/devices/${spare.id}`)).status).toBe(404);
    expect((await alice.request('DELETE', `/api/devices/${spare.id}`)).status).toBe(204);
    const names = (await alice.request('GET', '/api/devices')).body.devices.map((d: { name: string }) => d.name);
    expect(names).not.toContain('Old tablet');
  });

  it('ends the session on logout', async () => {
    const carol = await new ApiClient(server.url).login('carol@example.com');
    expect((await carol.request('GET', '/api/me')).body).toEqual({ person: { email: 'carol@example.com', name: 'Carol' } });
    expect((await carol.request('POST', '/api/logout', {})).status).toBe(204);
    expect((await carol.request('GET', '/api/session')).status).toBe(401);
    // Asking who is logged in is not an error (a browser would log a 401 as one on the login screen): nobody.
    const me = await carol.request('GET', '/api/me');
    expect([me.status, me.body]).toEqual([200, { person: null }]);
  });

  it('streams timeline events live and resumes after the last event id', async () => {
    const headers = { Cookie: alice.sessionCookie };
    const all = await readEvents(
      `${server.url}/api/events`,
      { ...headers, 'Last-Event-ID': '0' },
      (events) => events.length >= 5,
    );
    const seqs = all.map((e) => Number(e.id));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const resumed = await readEvents(
      `${server.url}/api/events`,
      { ...headers, 'Last-Event-ID': String(seqs[2]) },
      (events) => events.length >= 2,
    );
    expect(resumed.slice(0, 2).map((e) => Number(e.id))).toEqual(seqs.slice(3, 5));

    const live = readEvents(`${server.url}/api/events`, headers, (events) =>
      events.some((e) => (e.data as TimelineEvent).type === 'note'),
    );
    await new Promise((r) => setTimeout(r, 300));
    const id = (await alice.request('GET', '/api/incidents')).body.incidents[0].id;
    await bob.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'note',
      text: 'on it',
      occurredAt: new Date().toISOString(),
    });
    const note = (await live).find((e) => (e.data as TimelineEvent).type === 'note');
    expect(note?.data).toMatchObject({ text: 'on it', actor: { email: 'bob@example.com' } });
  });

  // Last: it leaves carol locked out for a minute.
  it('slows down password guessing', async () => {
    const guesser = new ApiClient(server.url);
    const statuses = [];
    for (let i = 0; i < 22; i++) {
      statuses.push((await guesser.request('POST', '/api/login', { email: 'carol@example.com', password: `guess-${i}` })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const limited = await guesser.request('POST', '/api/login', { email: 'carol@example.com', password: 'onpoint-demo' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/Too many login attempts/);
  });
});
