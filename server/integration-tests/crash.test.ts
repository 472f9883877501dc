import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { alertmanagerFixture, ApiClient, DEMO_ALERTMANAGER_TOKEN, postAlertmanager } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer, type ServerOptions } from '../../e2e/support/onpoint-server.js';
import type { IncidentView } from '../../shared/api.js';
import { createTestDatabase } from '../test-support/throwaway-postgres.js';

/**
 * kill -9 in the middle of a load of webhooks and actions, then a restart on the same store: every
 * request that was answered 2xx is there, and nothing is there twice.
 */
const REQUESTS = 2000;
const SECONDS = 10;
const KILL_AFTER_MS = 5000;

const backends: { name: string; store: () => Promise<ServerOptions> }[] = [
  { name: 'SQLite', store: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'onpoint-crash-')) }) },
  { name: 'PostgreSQL', store: async () => ({ env: { DATABASE_URL: await createTestDatabase(inject('postgresUrl')) } }) },
];

describe.each(backends)('kill -9 under load on $name', ({ store }) => {
  const servers: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('loses no answered webhook or action and doubles none', { timeout: 90_000 }, async () => {
    const options = await store();
    const first = await startServer(options);
    servers.push(first);
    const alice = await new ApiClient(first.url).login('alice@example.com');
    const base = (
      await postAlertmanager(first.url, { ...alertmanagerFixture('firing-single-critical.json'), groupKey: 'crash-base' })
    ).body.incidentId as string;

    const answered = { webhooks: new Map<string, string>(), actions: new Set<string>() };
    let failed = 0;
    const payload = alertmanagerFixture('firing-single-critical.json');
    const send = async (i: number) => {
      try {
        if (i % 2 === 0) {
          const groupKey = `crash-${i}`;
          const response = await fetch(`${first.url}/api/integrations/alertmanager`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${DEMO_ALERTMANAGER_TOKEN}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ ...payload, groupKey }),
          });
          const body = (await response.json()) as { incidentId: string };
          if (response.ok) answered.webhooks.set(groupKey, body.incidentId);
        } else {
          const id = randomUUID();
          const response = await fetch(`${first.url}/api/incidents/${base}/actions`, {
            method: 'POST',
            headers: { Cookie: alice.sessionCookie, 'Content-Type': 'application/json' },
            body: JSON.stringify({ id, type: 'note', text: `load ${i}`, occurredAt: new Date().toISOString() }),
          });
          await response.arrayBuffer();
          if (response.ok) answered.actions.add(id);
        }
      } catch {
        failed++;
      }
    };

    // Open loop, evenly spread: 2,000 requests over 10 s; the process dies half way through.
    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    const killer = new Promise<void>((resolve) =>
      setTimeout(() => {
        first.process.kill('SIGKILL');
        resolve();
      }, KILL_AFTER_MS),
    );
    for (let i = 0; i < REQUESTS; i++) {
      const due = started + (i * SECONDS * 1000) / REQUESTS;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(send(i));
    }
    await Promise.all([killer, ...inFlight]);
    // Some were answered before the kill, and the rest found no server.
    expect(answered.webhooks.size + answered.actions.size).toBeGreaterThan(100);
    expect(failed).toBeGreaterThan(100);

    const second = await startServer(options);
    servers.push(second);
    const reader = await new ApiClient(second.url).login('carol@example.com');
    const timeline = ((await reader.request('GET', `/api/incidents/${base}`)).body as IncidentView).timeline;
    const ids = timeline.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const missing = [...answered.actions].filter((id) => !ids.includes(id));
    expect(missing).toEqual([]);

    const lostIncidents: string[] = [];
    for (const [groupKey, incidentId] of answered.webhooks) {
      const found = await reader.request('GET', `/api/incidents/${incidentId}`);
      if (found.status !== 200) lostIncidents.push(groupKey);
    }
    expect(lostIncidents).toEqual([]);
    // One incident per group: posting each answered group again finds the same incident.
    for (const [groupKey, incidentId] of [...answered.webhooks].slice(0, 50)) {
      const again = await postAlertmanager(second.url, { ...payload, groupKey });
      expect(again.body).toMatchObject({ incidentId, outcome: 'duplicate' });
    }
  });
});
