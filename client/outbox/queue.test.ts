import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionBody } from '../../shared/actions.js';
import type { ActionResult } from '../../shared/api.js';
import { openOnpointDb } from '../offline/db.js';
import { onOutboxChange } from './channel.js';
import { dismissRejected, enqueueAction, flushOutbox, listOutbox } from './queue.js';
import type { SendOutcome } from './send-action.js';

const ALICE = 'alice@example.com';
let n = 0;
const action = (type: 'ack' | 'escalate' | 'note' = 'ack'): ActionBody =>
  type === 'note'
    ? { id: crypto.randomUUID(), type, text: `note ${++n}`, occurredAt: '2026-11-23T03:00:00.000Z' }
    : { id: crypto.randomUUID(), type, occurredAt: '2026-11-23T03:00:00.000Z' };

/** A server as the outbox sees it: records what arrives, answers as told. */
function fakeServer(answer: (call: number) => SendOutcome['kind'] = () => 'sent') {
  const received: ActionBody[] = [];
  let calls = 0;
  const send = async (_incidentId: string, body: ActionBody): Promise<SendOutcome> => {
    const kind = answer(calls++);
    if (kind === 'sent') {
      received.push(body);
      return { kind, result: { event: { id: body.id }, state: { point: ALICE }, created: true } as unknown as ActionResult };
    }
    if (kind === 'rejected') return { kind, status: 403, message: 'Only Bob, who has point, or a lead can hand point off' };
    if (kind === 'try_later') return { kind, status: 503 };
    return { kind };
  };
  return { received, send };
}

beforeEach(async () => {
  await (await openOnpointDb()).clear('outbox');
});

describe('outbox', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('keeps actions in the order they were taken and tells listeners', async () => {
    let changes = 0;
    stop = onOutboxChange(() => changes++);
    const first = action('ack');
    const second = action('note');
    await enqueueAction('i1', ALICE, first);
    await enqueueAction('i1', ALICE, second);
    expect((await listOutbox()).map((e) => e.id)).toEqual([first.id, second.id]);
    expect(changes).toBe(2);
  });

  it('sends everything in order and empties itself', async () => {
    const server = fakeServer();
    const queued = [action('ack'), action('note'), action('escalate')];
    for (const a of queued) await enqueueAction('i1', ALICE, a);
    const report = await flushOutbox({ email: ALICE, send: server.send });
    expect(server.received.map((a) => a.id)).toEqual(queued.map((a) => a.id));
    expect(report.sent).toHaveLength(3);
    expect(await listOutbox()).toEqual([]);
  });

  it('keeps everything from the first action that cannot get through, and sends it later, once', async () => {
    let online = false;
    const server = fakeServer(() => (online ? 'sent' : 'unreachable'));
    const queued = [action('ack'), action('note')];
    for (const a of queued) await enqueueAction('i1', ALICE, a);

    const offline = await flushOutbox({ email: ALICE, send: server.send });
    expect(offline).toMatchObject({ stoppedBy: 'unreachable', waiting: 2, sent: [] });
    expect(await listOutbox()).toHaveLength(2);

    online = true;
    await flushOutbox({ email: ALICE, send: server.send });
    await flushOutbox({ email: ALICE, send: server.send });
    expect(server.received.map((a) => a.id)).toEqual(queued.map((a) => a.id));
  });

  it('stops on a struggling server or an ended session, keeping the actions', async () => {
    for (const kind of ['try_later', 'logged_out'] as const) {
      await enqueueAction('i1', ALICE, action());
      const report = await flushOutbox({ email: ALICE, send: fakeServer(() => kind).send });
      expect(report.stoppedBy).toBe(kind);
      expect(report.waiting).toBeGreaterThan(0);
    }
    expect(await listOutbox()).toHaveLength(2);
  });

  it('keeps a refused action with the reason until dismissed, and still sends the ones after it', async () => {
    const server = fakeServer((call) => (call === 0 ? 'rejected' : 'sent'));
    const refused = action('ack');
    const next = action('note');
    await enqueueAction('i1', ALICE, refused);
    await enqueueAction('i1', ALICE, next);
    const report = await flushOutbox({ email: ALICE, send: server.send });
    expect(report.rejected.map((e) => e.id)).toEqual([refused.id]);
    expect(server.received.map((a) => a.id)).toEqual([next.id]);
    const [kept] = await listOutbox();
    expect(kept).toMatchObject({ id: refused.id, rejected: { status: 403 } });

    // A refused action is not retried behind the person's back.
    await flushOutbox({ email: ALICE, send: server.send });
    expect(server.received).toHaveLength(1);
    await dismissRejected(refused.id);
    expect(await listOutbox()).toEqual([]);
  });

  it("sends only the logged-in person's actions", async () => {
    const server = fakeServer();
    await enqueueAction('i1', 'bob@example.com', action());
    await enqueueAction('i1', ALICE, action());
    expect((await flushOutbox({ email: null, send: server.send })).sent).toHaveLength(0);
    await flushOutbox({ email: ALICE, send: server.send });
    expect(server.received).toHaveLength(1);
    expect((await listOutbox()).map((e) => e.email)).toEqual(['bob@example.com']);
  });

  it('updates the notification a tap came from once the server has it, whoever sends it', async () => {
    const shown: { title: string; tag?: string }[] = [];
    const onScreen = { data: { incidentId: 'i1', url: '/incidents/i1', title: 'Disk full' } };
    const registration = {
      getNotifications: async () => [onScreen],
      showNotification: async (title: string, options: NotificationOptions) => void shown.push({ title, tag: options.tag }),
    } as unknown as ServiceWorkerRegistration;
    await enqueueAction('i1', ALICE, { ...action('ack'), via: 'notification' });
    await enqueueAction('i1', ALICE, action('note'));
    await flushOutbox({ email: ALICE, send: fakeServer().send, registration: async () => registration });
    expect(shown).toEqual([{ title: 'Acknowledged ✓', tag: 'incident-i1' }]);
  });

  it('does not lose an action queued while a flush is sending', async () => {
    const late = action('note');
    let queuedDuringFlush = false;
    const server = fakeServer();
    const send: typeof server.send = async (id, body) => {
      if (!queuedDuringFlush) {
        queuedDuringFlush = true;
        await enqueueAction('i1', ALICE, late);
      }
      return server.send(id, body);
    };
    await enqueueAction('i1', ALICE, action());
    await flushOutbox({ email: ALICE, send });
    expect((await listOutbox()).map((e) => e.id)).toEqual([late.id]);
  });

  it('two flushers at once (a tab and the service worker) send each action once', async () => {
    // Web Locks as browsers have them: one holder at a time, in order of request.
    let tail = Promise.resolve();
    const locks = {
      request: <T>(_name: string, work: () => Promise<T>) => {
        const run = tail.then(work);
        tail = run.then(
          () => undefined,
          () => undefined,
        );
        return run;
      },
    };
    const previous = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true });
    try {
      const server = fakeServer();
      for (let i = 0; i < 5; i++) await enqueueAction('i1', ALICE, action('note'));
      await Promise.all([flushOutbox({ email: ALICE, send: server.send }), flushOutbox({ email: ALICE, send: server.send })]);
      expect(server.received).toHaveLength(5);
      expect(new Set(server.received.map((a) => a.id)).size).toBe(5);
    } finally {
      if (previous) Object.defineProperty(globalThis, 'navigator', previous);
      else Reflect.deleteProperty(globalThis, 'navigator');
    }
  });
});
