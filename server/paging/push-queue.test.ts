import { randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import type { PushPayload } from '../../shared/push-payload.js';
import { createTimeline } from '../incidents/timeline.js';
import { createLiveBus } from '../live/bus.js';
import { createReceiptTokens } from '../push/receipt-token.js';
import type { PushOutcome, PushSender } from '../push/sender.js';
import { sqliteClient } from '../store/sql-client.js';
import { openSqlStore } from '../store/sql-store.js';
import type { NewPush } from '../store/store.js';
import { createPushQueue } from './push-queue.js';

/** The queue on a real SQLite store; the sender is a script of outcomes the test controls. */
async function setup({ settleWindowMs = 0 } = {}) {
  let clock = new Date('2026-11-29T03:00:00Z');
  // In memory: what is tested is the queue; each write is done in the turn it commits.
  const store = await openSqlStore(sqliteClient(new Database(':memory:')), () => clock);
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
    limits: { perOrigin: 3, total: 10, retryBaseMs: 1000, maxRetryMs: 60_000, settleWindowMs },
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
  const newPush = (deviceId: string, origin: string, title: string): NewPush => ({
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
  });
  /** A push waiting in the queue for the drain to claim. */
  const queuePush = async (deviceId: string, origin: string, title = 'Disk full') => {
    const push = newPush(deviceId, origin, title);
    await store.enqueuePushes([push], []);
    return push;
  };
  /** A push written leased to this process with its device, as an escalation step writes it, then handed over. */
  const pageNow = async (device: { id: string; name: string; endpoint: string; p256dh: string; auth: string }, title: string) => {
    const [push] = queue.lease([{ ...newPush(device.id, new URL(device.endpoint).origin, title), to: device }]);
    await store.enqueuePushes([push], []);
    queue.adopt([push]);
  };
  const settled = async () => {
    // Sends and their outcomes take a few turns of the event loop.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  const events = async (type: string) => (await store.listEvents(incident.id)).filter((e) => e.type === type);
  /** `n` pages to one phone on a push service that answers only when told (`answerAll`: those it holds). */
  const burst = async (n: number) => {
    const held: (() => void)[] = [];
    answer = () => new Promise((resolve) => held.push(() => resolve({ kind: 'sent', status: 201 })));
    const phone = await device('https://push.example');
    for (let i = 0; i < n; i++) await pageNow(phone, `page ${i}`);
    await settled();
    return {
      held: () => held.length,
      answerAll: async () => {
        for (const release of held.splice(0)) release();
        await settled();
      },
    };
  };
  return {
    store,
    queue,
    sent,
    device,
    queuePush,
    burst,
    settled,
    events,
    answer: (fn: typeof answer) => (answer = fn),
    acknowledge: () =>
      store.appendEvents([
        {
          id: randomUUID(),
          incidentId: incident.id,
          actor: { kind: 'person', email: 'alice', name: 'Alice' },
          occurredAt: clock.toISOString(),
          type: 'ack',
        },
      ]),
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
    // One look at the queue: the minimal page goes at once, without waiting for the next one.
    await q.queue.drain();
    await q.settled();
    expect(q.sent.map((s) => s.payload.summary)).toEqual(['s', 'Open onpoint for details.']);
    expect(q.sent[1].payload.title.length).toBeLessThanOrEqual(80);
    expect(await q.events('push_failed')).toMatchObject([{ deviceRemoved: true, reason: expect.stringContaining('410') }]);
    expect(await q.store.listDevices('alice')).toEqual([]);
  });

  it('sends a burst bigger than a push service takes at once, each page once and oldest first, writing nothing while they wait', async () => {
    const q = await setup();
    const writes = vi.spyOn(q.store, 'settlePushes');
    const service = await q.burst(12);
    expect(q.sent).toHaveLength(3);
    // The push service answers, three at a time.
    while (service.held() > 0) await service.answerAll();
    expect(q.sent.map((s) => s.payload.title)).toEqual(Array.from({ length: 12 }, (_, i) => `page ${i}`));
    expect(await q.events('paged')).toHaveLength(12);
    // Every write was an outcome: none handed a waiting push back to the queue to be claimed again.
    expect(writes.mock.calls.flatMap(([settlements]) => settlements.map((s) => s.status))).toEqual(Array(12).fill('sent'));
    expect((await q.store.pendingPushes()).count).toBe(0);
  });

  it('leaves a push whose lease ran low while it waited to be claimed again, and sends it once', async () => {
    const q = await setup();
    const service = await q.burst(5);
    expect(q.sent).toHaveLength(3);
    // 15 s of a slow push service: the two waiting have 5 s of their 20 s lease left, too little for a send.
    q.advance(15_000);
    await service.answerAll();
    expect(q.sent).toHaveLength(3);
    // Their lease over, the queue takes them from their rows.
    q.advance(6_000);
    await q.queue.drain();
    await q.settled();
    await service.answerAll();
    // Each once (the two claimed again were queued at the same moment: either may go first).
    expect(q.sent.map((s) => s.payload.title).sort()).toEqual(['page 0', 'page 1', 'page 2', 'page 3', 'page 4']);
    expect(await q.events('paged')).toHaveLength(5);
  });

  it('does not send a page that waited for a slot once the incident was acknowledged', async () => {
    const q = await setup();
    const service = await q.burst(5);
    await q.acknowledge();
    await service.answerAll();
    expect(q.sent.map((s) => s.payload.title)).toEqual(['page 0', 'page 1', 'page 2']);
    expect((await q.store.pendingPushes()).count).toBe(0);
  });

  it('looks at the queue after a send only when the last look left pushes there, and then sends them at once', async () => {
    const q = await setup();
    const claims = vi.spyOn(q.store, 'claimDuePushes');
    const service = await q.burst(3);
    await service.answerAll();
    // Three sends finished with nothing left behind: no scan of the queue per finished send.
    expect(claims).not.toHaveBeenCalled();

    const second = await q.burst(3);
    const phone = (await q.store.listDevices('alice'))[0];
    // Two more queued for the same push service (by another process, say) while its slots are full.
    await q.queuePush(phone.id, 'https://push.example', 'later 1');
    q.advance(1);
    await q.queuePush(phone.id, 'https://push.example', 'later 2');
    await q.queue.drain();
    await q.settled();
    expect(q.sent).toHaveLength(6);
    await second.answerAll();
    expect(q.sent.slice(6).map((s) => s.payload.title)).toEqual(['later 1', 'later 2']);
  });

  it('frees a push service slot when the service answers, not when the outcome is written', async () => {
    // Outcomes wait a while to be written together; the next pages must not wait with them.
    const q = await setup({ settleWindowMs: 60_000 });
    const service = await q.burst(6);
    expect(q.sent).toHaveLength(3);
    await service.answerAll();
    expect(q.sent).toHaveLength(6);
    expect(await q.events('paged')).toHaveLength(0);
  });
});
