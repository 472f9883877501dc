import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PushPayload } from '../../shared/push-payload.js';
import { createTimeline } from '../incidents/timeline.js';
import { createLiveBus } from '../live/bus.js';
import { createReceiptTokens } from '../push/receipt-token.js';
import type { PushOutcome, PushSender } from '../push/sender.js';
import { openSqliteStore } from '../store/open-store.js';
import type { NewPush } from '../store/store.js';
import { createPushQueue } from './push-queue.js';

/** The queue on a real SQLite store; the sender is a script of outcomes the test controls. */
async function setup() {
  let clock = new Date('2026-11-29T03:00:00Z');
  const store = await openSqliteStore(mkdtempSync(join(tmpdir(), 'push-queue-')), () => clock);
  const timeline = createTimeline(store, createLiveBus());
  const sent: { endpoint: string; payload: PushPayload; ttlSeconds: number }[] = [];
  let answer: (endpoint: string) => Promise<PushOutcome> = async () => ({ kind: 'sent', status: 201 });
  const send: PushSender = async (target, payload, options) => {
    sent.push({ endpoint: target.endpoint, payload: JSON.parse(payload), ttlSeconds: options.ttlSeconds });
    return answer(target.endpoint);
  };
  const queue = createPushQueue({
    store,
    timeline,
    send,
    receipts: createReceiptTokens(randomBytes(32)),
    now: () => clock,
    log: { error: () => {} },
    limits: { perOrigin: 3, total: 10, retryBaseMs: 1000, maxRetryMs: 60_000, settleWindowMs: 0 },
  });
  const { incident } = await store.openIncident(
    {
      id: randomUUID(),
      dedupKey: 'k',
      title: 'Disk full',
      severity: 'critical',
      pagingClass: 'always',
      playbook: null,
      details: { source: 'test', alerts: [], truncatedAlerts: 0 },
      createdAt: clock.toISOString(),
    },
    [],
    null,
  );
  const device = async (origin: string) =>
    store.upsertDevice({
      id: randomUUID(),
      email: 'alice',
      name: `phone on ${origin}`,
      endpoint: `${origin}/${randomUUID()}`,
      p256dh: 'k',
      auth: 'a',
      createdAt: clock.toISOString(),
    });
  const queuePush = async (deviceId: string, origin: string, title = 'Disk full') => {
    const push: NewPush = {
      id: randomUUID(),
      incidentId: incident.id,
      step: 0,
      deviceId,
      email: 'alice',
      kind: 'page',
      message: { kind: 'page', incidentId: incident.id, title, severity: 'critical', summary: 's', url: '/' },
      topic: 'topic',
      urgency: 'high',
      origin,
      createdAt: clock.toISOString(),
      expiresAt: new Date(clock.getTime() + 3600_000).toISOString(),
    };
    await store.enqueuePushes([push], []);
    return push;
  };
  const settled = async () => {
    // Sends and their outcomes take a few turns of the event loop.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  const events = async (type: string) => (await store.listEvents(incident.id)).filter((e) => e.type === type);
  return {
    store,
    queue,
    sent,
    device,
    queuePush,
    settled,
    events,
    answer: (fn: typeof answer) => (answer = fn),
    advance: (ms: number) => (clock = new Date(clock.getTime() + ms)),
  };
}

describe('push queue', () => {
  it('fills only its own slots for a push service that hangs; the others go out', async () => {
    const q = await setup();
    const stuck = await q.device('https://stuck.example');
    const fine = await q.device('https://fine.example');
    q.answer((endpoint) =>
      endpoint.startsWith('https://stuck') ? new Promise(() => {}) : Promise.resolve({ kind: 'sent', status: 201 }),
    );
    for (let i = 0; i < 8; i++) await q.queuePush(stuck.id, 'https://stuck.example');
    await q.queuePush(fine.id, 'https://fine.example');
    await q.queue.drain();
    await q.settled();
    expect(q.sent.filter((s) => s.endpoint.startsWith('https://stuck'))).toHaveLength(3);
    expect(q.sent.filter((s) => s.endpoint.startsWith('https://fine'))).toHaveLength(1);
    expect(await q.events('paged')).toHaveLength(1);
    expect((await q.store.pendingPushes()).count).toBe(8);
  });

  it('keeps a refused push for later, honouring Retry-After, and writes one line when it goes', async () => {
    const q = await setup();
    const phone = await q.device('https://push.example');
    q.answer(async () => ({ kind: 'retry', reason: 'push service answered 429', retryAfterMs: 30_000 }));
    await q.queuePush(phone.id, 'https://push.example');
    await q.queue.drain();
    await q.settled();
    q.answer(async () => ({ kind: 'sent', status: 201 }));
    q.advance(29_000);
    await q.queue.drain();
    await q.settled();
    expect(q.sent).toHaveLength(1);
    q.advance(1_000);
    await q.queue.drain();
    await q.settled();
    expect(q.sent).toHaveLength(2);
    expect(q.sent[1].ttlSeconds).toBe(3600 - 30);
    expect((await q.events('paged')).length + (await q.events('push_failed')).length).toBe(1);
  });

  it('sends a minimal page after a 413, and removes a device whose subscription is gone', async () => {
    const q = await setup();
    const phone = await q.device('https://push.example');
    let refused = false;
    q.answer(async () => {
      if (refused) return { kind: 'gone', reason: 'push service says the subscription is gone (410)' };
      refused = true;
      return { kind: 'too_large', reason: 'message too large (413)' };
    });
    await q.queuePush(phone.id, 'https://push.example', 'Disk full on '.repeat(30));
    await q.queue.drain();
    await q.settled();
    await q.queue.drain();
    await q.settled();
    expect(q.sent.map((s) => s.payload.summary)).toEqual(['s', 'Open onpoint for details.']);
    expect(q.sent[1].payload.title.length).toBeLessThanOrEqual(80);
    expect(await q.events('push_failed')).toMatchObject([{ deviceRemoved: true, reason: expect.stringContaining('410') }]);
    expect(await q.store.listDevices('alice')).toEqual([]);
  });
});
