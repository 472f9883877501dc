import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, DEMO_ALERTMANAGER_TOKEN, postAlertmanager } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer } from '../../e2e/support/onpoint-server.js';
import { readEvents } from '../../e2e/support/sse.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import { createTestDatabase, startThrowawayPostgres, type ThrowawayPostgres } from '../test-support/throwaway-postgres.js';

/** PostgreSQL goes away under a running onpoint and comes back: 503s while away, no restart needed after. */
describe('the database goes down and comes back', () => {
  let cluster: ThrowawayPostgres | undefined;
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
  });

  const health = async (url: string) => {
    const response = await fetch(`${url}/healthz`).catch((err: Error) => {
      // Say whether the process died, and why, rather than only that the socket closed.
      throw new Error(
        `/healthz failed (${err.message}); server exit ${server?.process.exitCode} ${server?.process.signalCode}:\n${server?.output()}`,
      );
    });
    return {
      status: response.status,
      body: (await response.json()) as { ok: boolean; store: string; error?: { code: string; message: string } },
    };
  };

  it(
    'answers 503 with a clear error while it is down, recovers by itself, and keeps what it accepted',
    { timeout: 60_000 },
    async () => {
      // Its own cluster: this test stops it.
      cluster = await startThrowawayPostgres();
      server = await startServer({ env: { DATABASE_URL: await createTestDatabase(cluster.url) } });
      const alice = await new ApiClient(server.url).login('alice@example.com');
      const accepted = await postAlertmanager(server.url, {
        ...alertmanagerFixture('firing-single-critical.json'),
        groupKey: 'before',
      });
      expect(accepted.status).toBe(200);
      expect(await health(server.url)).toMatchObject({ status: 200, body: { ok: true, store: 'reachable' } });

      cluster.pause();
      const down = await health(server.url);
      expect(down).toMatchObject({ status: 503, body: { ok: false, store: 'unreachable' } });
      // Only that it is down: what the driver said is for the operator's log, not for whoever asks.
      expect(down.body.error).toEqual({ code: 'store_unavailable', message: 'store unreachable' });
      // Posted raw: postAlertmanager refuses anything but a 200, and a 503 is what is expected here.
      const webhook = await new ApiClient(server.url).request(
        'POST',
        '/api/integrations/alertmanager',
        { ...alertmanagerFixture('firing-single-critical.json'), groupKey: 'during' },
        { Authorization: `Bearer ${DEMO_ALERTMANAGER_TOKEN}` },
      );
      expect(webhook.status).toBe(503);
      expect(webhook.headers.get('retry-after')).toBe('5');
      expect(webhook.body.error).toEqual({
        code: 'store_unavailable',
        message: 'onpoint cannot reach its database right now; nothing was changed. Try again shortly.',
      });
      const action = await alice.request('POST', `/api/incidents/${accepted.body.incidentId}/actions`, {
        id: randomUUID(),
        type: 'ack',
        occurredAt: new Date().toISOString(),
      });
      expect(action.status).toBe(503);
      // The process is still there, answering.
      expect(server.process.exitCode).toBeNull();

      cluster.resume();
      const deadline = Date.now() + 20_000;
      while ((await health(server.url)).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect((await health(server.url)).status).toBe(200);

      // What was accepted before is there; what was refused can be sent again and lands; live events flow.
      const stream = readEvents(`${server.url}/api/events`, { Cookie: alice.sessionCookie }, (events) =>
        events.some((e) => (e.data as TimelineEvent).type === 'ack'),
      );
      await new Promise((r) => setTimeout(r, 300));
      const retried = await alice.request('POST', `/api/incidents/${accepted.body.incidentId}/actions`, {
        id: randomUUID(),
        type: 'ack',
        occurredAt: new Date().toISOString(),
      });
      expect(retried.status).toBe(201);
      expect((await stream).some((e) => (e.data as TimelineEvent).type === 'ack')).toBe(true);
      const again = await postAlertmanager(server.url, {
        ...alertmanagerFixture('firing-single-critical.json'),
        groupKey: 'during',
      });
      expect(again.body.outcome).toBe('opened');
      const before = await alice.request('GET', `/api/incidents/${accepted.body.incidentId}`);
      expect(before.body.state).toMatchObject({ status: 'acknowledged', point: 'alice@example.com' });
      // The operator's log has what the health check would not say (read last: the log pipe lags the answers).
      expect(server.output()).toContain('health check: the store cannot be reached');
    },
  );
});
