import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it, vi } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import type { RunningServer, ServerOptions } from '../../e2e/support/onpoint-server.js';
import { PushServiceDouble, type ReceivedPush } from '../../e2e/support/push-service-double.js';
import type { IncidentView } from '../../shared/api.js';
import { MAX_PAYLOAD_BYTES, type PushPayload } from '../../shared/push-payload.js';
import { topicFor } from '../paging/pager.js';
import { escalatingTeamEnv, registerDevices, TEAM_TOKEN } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';
import { createTestDatabase } from '../test-support/throwaway-postgres.js';

/**
 * The pager's first law, tried on real server processes: every alert answered 2xx reaches a phone, through
 * crashes, push-service outages, a hanging push service and alerts too long for a push.
 */

const backends: { name: string; store: () => Promise<Pick<ServerOptions, 'dataDir' | 'env'>> }[] = [
  { name: 'SQLite', store: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'onpoint-durable-')) }) },
  { name: 'PostgreSQL', store: async () => ({ env: { DATABASE_URL: await createTestDatabase(inject('postgresUrl')) } }) },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const payloadOf = (push: ReceivedPush) => push.payload as PushPayload;

/** Alertmanager fires a new group; the response, whatever it was (a dying server may not answer). */
async function fire(server: Pick<RunningServer, 'url'>, groupKey: string, annotations: Record<string, string> = {}) {
  const fixture = alertmanagerFixture('firing-single-critical.json') as { alerts: { annotations: object }[] };
  const payload = {
    ...fixture,
    groupKey,
    commonAnnotations: annotations,
    alerts: fixture.alerts.map((a) => ({ ...a, annotations: { ...a.annotations, ...annotations } })),
  };
  return postAlertmanager(server.url, payload, TEAM_TOKEN);
}

/** Waits until every incident has a push with its Topic on this subscription; the ones still missing if not. */
async function waitForTopics(pushes: () => ReceivedPush[], incidentIds: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let missing = incidentIds;
  while (Date.now() < deadline) {
    const topics = new Set(pushes().map((p) => p.topic));
    missing = incidentIds.filter((id) => !topics.has(topicFor(id)));
    if (missing.length === 0) return [];
    await sleep(200);
  }
  return missing;
}

describe.each(backends)('durable paging on $name', ({ store }) => {
  const stack = usePushStack();
  const serve = (options: Pick<ServerOptions, 'dataDir' | 'env'>, env: Record<string, string>) =>
    stack.serve({ dataDir: options.dataDir, env: { ...options.env, ...env, ONPOINT_PUSH_MAX_RETRY_MS: '1000' } });

  it(
    'pages every alert that got a 2xx when the server is killed in the middle of a burst of 300',
    { timeout: 120_000 },
    async () => {
      const where = await store();
      const env = escalatingTeamEnv('1h');
      const first = await serve(where, env);
      const { subs } = await registerDevices(first, stack.push);

      const accepted: string[] = [];
      let refused = 0;
      const burst = Array.from({ length: 300 }, async (_, i) => {
        await sleep(i * 10); // 300 new alerts over 3 s
        try {
          const response = await fire(first, `burst-${i}`);
          if (response.status === 200) accepted.push(response.body.incidentId as string);
        } catch {
          refused++; // no answer: Alertmanager would send it again
        }
      });
      await sleep(1500);
      first.process.kill('SIGKILL');
      await Promise.all(burst);
      await first.stop();
      expect(accepted.length).toBeGreaterThan(10);
      expect(refused).toBeGreaterThan(0);

      await serve(where, env);
      const missing = await waitForTopics(() => stack.push.pushesFor(subs.alice.id), accepted, 60_000);
      expect(missing, `${missing.length} of ${accepted.length} accepted alerts never paged`).toEqual([]);
    },
  );

  it(
    'delivers every page after a 30 s push-service outage, through a crash in the middle of it',
    { timeout: 120_000 },
    async () => {
      const where = await store();
      const env = escalatingTeamEnv('1h');
      const first = await serve(where, env);
      const { subs } = await registerDevices(first, stack.push);
      stack.push.outage(503);
      const outageStarted = Date.now();
      try {
        const ids: string[] = [];
        for (let i = 0; i < 10; i++) {
          ids.push((await fire(first, `outage-${i}`)).body.incidentId as string);
          await sleep(500);
        }
        // Tried and refused, kept for later: nothing gave up.
        expect(stack.push.refused).toBeGreaterThanOrEqual(10);
        first.process.kill('SIGKILL');
        await first.stop();
        const second = await serve(where, env);
        for (let i = 10; i < 15; i++) ids.push((await fire(second, `outage-${i}`)).body.incidentId as string);
        await sleep(Math.max(0, 30_000 - (Date.now() - outageStarted)));
        expect(stack.push.pushesFor(subs.alice.id)).toHaveLength(0);
        stack.push.outage(null);

        const missing = await waitForTopics(() => stack.push.pushesFor(subs.alice.id), ids, 30_000);
        expect(missing).toEqual([]);
        // One line per device outcome on the timeline, not one per try.
        const alice = await new ApiClient(second.url).login('alice@example.com');
        await expect
          .poll(async () => {
            const view = (await alice.request('GET', `/api/incidents/${ids[0]}`)).body as IncidentView;
            return view.timeline.filter((e) => e.type === 'paged' || e.type === 'push_failed').map((e) => e.type);
          })
          .toEqual(['paged']);
      } finally {
        stack.push.outage(null);
      }
    },
  );

  it('fits a page with a 5,000-character description and a 2,000-character summary, and sends a minimal page after a 413', async () => {
    const server = await serve(await store(), escalatingTeamEnv('1h'));
    const { subs, alice } = await registerDevices(server, stack.push);
    const summary = 'Latency '.repeat(249) + 'x🔥🔥'; // 2,000 characters, a 4-byte emoji at the end
    const description = 'at CheckoutService.charge (checkout.js:42)\n'.repeat(117);
    const long = await fire(server, 'long', { summary, description });
    const push = await stack.push.waitForPush(subs.alice.id);
    expect(Buffer.byteLength(push.text)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(payloadOf(push)).toMatchObject({ incidentId: long.body.incidentId, kind: 'page' });
    expect(payloadOf(push).title.endsWith('…')).toBe(true);
    expect(payloadOf(push).title).not.toMatch(/[\uD800-\uDBFF]…$/);
    // The app still has every word.
    const view = (await alice.request('GET', `/api/incidents/${long.body.incidentId}`)).body as IncidentView;
    expect(view.details.description).toBe(description);

    const title = 'T'.repeat(500);
    stack.push.failNext(subs.alice.id, [413]);
    const refused = await fire(server, 'too-large', { summary: title });
    const minimal = await stack.push.waitForPush(subs.alice.id, 2);
    expect(payloadOf(minimal)).toMatchObject({ incidentId: refused.body.incidentId, summary: 'Open onpoint for details.' });
    expect(payloadOf(minimal).title.length).toBeLessThanOrEqual(80);
    // Its outcome is written just after the push service took it.
    await expect
      .poll(async () => {
        const view = (await alice.request('GET', `/api/incidents/${refused.body.incidentId}`)).body as IncidentView;
        return view.timeline.filter((e) => e.type === 'paged' || e.type === 'push_failed').map((e) => e.type);
      })
      .toEqual(['paged']);
  });

  it('says on the timeline and in /metrics when a page expired undelivered', { timeout: 60_000 }, async () => {
    const server = await serve(await store(), { ...escalatingTeamEnv('1h'), ONPOINT_PAGE_TTL_SECONDS: '4' });
    const { alice } = await registerDevices(server, stack.push);
    const metric = async (name: string) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    };
    stack.push.outage(503);
    try {
      const id = (await fire(server, 'expiring')).body.incidentId as string;
      await expect.poll(() => metric('onpoint_pushes_total{outcome="retry"}')).toBeGreaterThan(0);
      expect(await metric('onpoint_pushes_pending')).toBe(1);
      expect(await metric('onpoint_oldest_pending_push_age_seconds')).toBeGreaterThan(0);

      await expect
        .poll(
          async () =>
            ((await alice.request('GET', `/api/incidents/${id}`)).body as IncidentView).timeline.find(
              (e) => e.type === 'push_failed',
            ),
          {
            timeout: 15_000,
          },
        )
        .toMatchObject({
          reason: expect.stringMatching(/^expired undelivered after \d+ tries \(last: push service answered 503\)$/),
        });
      // The counter goes up once the expiry's write has committed: a request served in between sees the
      // timeline line a moment before it (CI, a busy machine). Counting first could count a write that failed.
      await expect.poll(() => metric('onpoint_pages_expired_total')).toBe(1);
      expect(await metric('onpoint_pushes_pending')).toBe(0);
      expect(await metric('onpoint_oldest_pending_push_age_seconds')).toBe(0);
    } finally {
      stack.push.outage(null);
    }
  });

  it("keeps paging others on time while one person's push service hangs", { timeout: 60_000 }, async () => {
    const hanging = await new PushServiceDouble(stack.cert).start();
    try {
      const server = await serve(await store(), {
        ...escalatingTeamEnv('3s'),
        ONPOINT_PUSH_ALLOW_HOSTS: `${stack.push.host},${hanging.host}`,
      });
      const alice = await new ApiClient(server.url).login('alice@example.com');
      const bob = await new ApiClient(server.url).login('bob@example.com');
      const aliceSub = hanging.subscribe();
      const bobSub = stack.push.subscribe();
      await alice.request('POST', '/api/devices', { name: 'Alice phone', subscription: aliceSub });
      await bob.request('POST', '/api/devices', { name: 'Bob phone', subscription: bobSub });
      hanging.outage('hang');

      // Alice is primary: 20 incidents, 20 pages held by her push service, which never answers.
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await fire(server, `hang-${i}`)).body.incidentId as string);
      // Her 3 s pass with no ack for all 20 at the same moment: Bob, on another push service, gets every one.
      const missing = await waitForTopics(() => stack.push.pushesFor(bobSub.id), ids, 8_000);
      expect(missing).toEqual([]);
      expect(hanging.refused).toBeGreaterThan(0);
      expect(hanging.received).toHaveLength(0);
      const view = (await alice.request('GET', `/api/incidents/${ids[19]}`)).body as IncidentView;
      expect(view.timeline.filter((e) => e.type === 'escalated').map((e) => e.type === 'escalated' && e.reason)).toEqual([
        'triggered',
        'timeout',
      ]);
    } finally {
      hanging.outage(null);
      await hanging.stop();
    }
  });
});

describe.each(backends)('confirmWithin on $name, on a clock the test moves', ({ store }) => {
  const stack = usePushStack();

  it('sends a page once when the clock jumps past its lease while the push service is still answering', async () => {
    const { dataDir, env } = await store();
    const server = await stack.serveInProcess({ dataDir, databaseUrl: env?.DATABASE_URL, env: escalatingTeamEnv('1h') });
    await registerDevices(server, stack.push);
    const before = stack.push.refused;
    stack.push.outage('hang');
    try {
      await fire(server, 'slow-send');
      await vi.waitFor(() => expect(stack.push.refused, 'the page reached the push service').toBe(before + 1));
      // A VM resumed, an NTP step: the 20 s lease has run out by the clock, and the send is still going.
      server.advance(60_000);
      await server.runDue();
      await sleep(1_000);
      expect(stack.push.refused - before).toBe(1);
    } finally {
      stack.push.outage(null);
    }
    await server.stop();
  });

  it('pages the next level when no device confirms within confirmWithin; a receipt or an ack stops it', async () => {
    const { dataDir, env } = await store();
    const server = await stack.serveInProcess({
      dataDir,
      databaseUrl: env?.DATABASE_URL,
      env: escalatingTeamEnv('1h', { confirmWithin: '2m' }),
    });
    const { subs, alice } = await registerDevices(server, stack.push);
    const timelineOf = async (id: string) => ((await alice.request('GET', `/api/incidents/${id}`)).body as IncidentView).timeline;

    const unconfirmed = (await fire(server, 'unconfirmed')).body.incidentId as string;
    await stack.push.waitForPush(subs.alice.id);
    server.advance(2 * 60_000);
    await server.runDue();
    const bobPage = await stack.push.waitForPush(subs.bob.id);
    expect(payloadOf(bobPage).incidentId).toBe(unconfirmed);
    const step = (await timelineOf(unconfirmed)).find((e) => e.type === 'escalated' && e.reason === 'unconfirmed');
    expect(step).toMatchObject({ unconfirmed: 'Alice', waitedMs: 120_000 });

    const confirmed = (await fire(server, 'confirmed')).body.incidentId as string;
    const page = await stack.push.waitForPush(subs.alice.id, 2);
    const receipt = await fetch(`${server.url}/api/push/receipts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ receipt: payloadOf(page).receipt }),
    });
    expect(receipt.status).toBe(204);

    const acked = (await fire(server, 'acked')).body.incidentId as string;
    await stack.push.waitForPush(subs.alice.id, 3);
    await alice.request('POST', `/api/incidents/${acked}/actions`, {
      id: crypto.randomUUID(),
      type: 'ack',
      occurredAt: server.clock().toISOString(),
    });
    server.advance(2 * 60_000);
    await server.runDue();
    expect((await timelineOf(confirmed)).filter((e) => e.type === 'escalated')).toHaveLength(1);
    expect((await timelineOf(confirmed)).some((e) => e.type === 'delivered')).toBe(true);
    expect((await timelineOf(acked)).filter((e) => e.type === 'escalated')).toHaveLength(1);
    await server.stop();
    expect(stack.push.pushesFor(subs.bob.id).map((p) => payloadOf(p).incidentId)).toEqual([unconfirmed]);
  });
});
