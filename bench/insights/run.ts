/**
 * Insights for a quarter: 10,000 incidents over the last 90 days (trigger, escalation with pages, an ack,
 * now and then a second level, a handoff, a resolve, an answer; several rules and the demo team), written
 * straight through the store, then `GET /api/insights` for the quarter over HTTP against a real server, on
 * SQLite and on PostgreSQL (a throwaway cluster on the same machine).
 * Usage: npm run bench:insights [-- --incidents 10000 --requests 20 --timeout-s 120 --only sqlite|postgres]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../e2e/support/api-client.js';
import { startServer, type ServerOptions } from '../../e2e/support/onpoint-server.js';
import { ensureClientBuilt } from '../../server/client-build.js';
import { systemClock } from '../../server/clock.js';
import { openPostgresStore, openSqliteStore } from '../../server/store/open-store.js';
import type { NewEvent, Store } from '../../server/store/store.js';
import { createTestDatabase, startThrowawayPostgres } from '../../server/test-support/throwaway-postgres.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const INCIDENTS = arg('incidents', 10_000);
const REQUESTS = arg('requests', 20);
/** The code before insights were queries took seconds per request: a run stops once it has taken this long. */
const TIMEOUT_S = arg('timeout-s', 120);
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const DAY = 24 * 3600_000;
const MIN = 60_000;

const RULES = [
  ['CheckoutHighErrorRate', 'checkout'],
  ['CheckoutLatencyHigh', 'checkout'],
  ['PaymentsQueueBacklog', 'payments'],
  ['NodeDiskFull', 'storage'],
  ['CertificateExpiring', 'edge'],
  ['DatabaseReplicaLag', 'db'],
  ['PodCrashLooping', 'platform'],
  ['LedgerMismatch', 'ledger'],
] as const;
const FIRST = ['alice@example.com', 'bob@example.com'];
const LEAD = 'carol@example.com';

/** A small seeded generator: the same quarter every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

async function seed(store: Store, now: number) {
  const rand = random(42);
  const system = { kind: 'system' as const, name: 'Alertmanager' };
  const person = (email: string) => ({ kind: 'person' as const, email, name: email.split('@')[0] });
  for (let n = 0; n < INCIDENTS; n++) {
    const [alertname, service] = RULES[Math.floor(rand() * RULES.length)];
    const start = now - Math.floor(rand() * 90 * DAY);
    const id = randomUUID();
    const events: Omit<NewEvent, 'id' | 'incidentId'>[] = [];
    const add = (at: number, actor: NewEvent['actor'], body: Record<string, unknown>) =>
      events.push({ actor, occurredAt: new Date(Math.min(at, now)).toISOString(), ...body } as never);
    const primary = FIRST[Math.floor(rand() * 2)];
    const level = (at: number, step: number, who: string, rotation: string) => {
      add(at, system, {
        type: 'escalated',
        step,
        level: step + 1,
        reason: 'triggered',
        targets: [who],
        label: rotation,
        rotations: { [who]: rotation },
      });
      add(at + 1000, system, { type: 'paged', person: who, deviceId: `${who}-phone`, deviceName: 'Phone' });
      add(at + 1500, system, { type: 'paged', person: who, deviceId: `${who}-laptop`, deviceName: 'Laptop' });
      add(at + 4000, system, { type: 'delivered', person: who, deviceId: `${who}-phone`, deviceName: 'Phone' });
    };
    add(start, system, {
      type: 'triggered',
      source: 'alertmanager',
      title: alertname,
      severity: 'critical',
      pagingClass: 'always',
    });
    level(start, 0, primary, 'payments');
    let t = start + Math.floor(rand() * 10 * MIN);
    let point = primary;
    if (rand() < 0.15) {
      t += 5 * MIN;
      level(t, 1, LEAD, 'eng-lead');
      point = LEAD;
    }
    const selfResolved = rand() < 0.2;
    if (!selfResolved) {
      add(t, person(point), { type: 'ack' });
      if (rand() < 0.3) add(t + 2 * MIN, person(point), { type: 'note', text: 'looking at the dashboards' });
      if (rand() < 0.2) {
        t += Math.floor(rand() * 60 * MIN);
        const to = point === FIRST[0] ? FIRST[1] : FIRST[0];
        add(t, person(point), { type: 'handoff', to });
        point = to;
      }
    }
    t += Math.floor(rand() * 3 * 60 * MIN);
    if (rand() < 0.97) {
      add(t, selfResolved ? system : person(point), {
        type: 'resolve',
        ...(selfResolved ? {} : { note: 'restarted the worker' }),
      });
      if (!selfResolved && rand() < 0.6) add(t + MIN, person(point), { type: 'actionable', value: rand() < 0.6 });
    }
    await store.openIncident(
      {
        id,
        dedupKey: `bench:${n}`,
        title: `${alertname} on ${service}`,
        severity: 'critical',
        pagingClass: 'always',
        playbook: null,
        details: {
          source: 'alertmanager',
          alerts: [
            { fingerprint: `f${n}`, status: 'firing', labels: { alertname, service }, startsAt: new Date(start).toISOString() },
          ],
          truncatedAlerts: 0,
        },
        createdAt: new Date(start).toISOString(),
      },
      events.map((e) => ({ ...e, id: randomUUID(), incidentId: id })),
      null,
    );
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function run(label: string, open: () => Promise<{ store: Store; options: ServerOptions }>) {
  const now = Date.now();
  const { store, options } = await open();
  const seeding = performance.now();
  await seed(store, now);
  await store.close();
  const seedS = (performance.now() - seeding) / 1000;
  const server = await startServer(options);
  try {
    const client = await new ApiClient(server.url).login('alice@example.com');
    const query = `/api/insights?from=${new Date(now - 90 * DAY).toISOString()}&to=${new Date(now).toISOString()}`;
    const times: number[] = [];
    const deadline = performance.now() + TIMEOUT_S * 1000;
    // The first request warms up (JIT, prepared statements, pool) and is not counted.
    for (let i = 0; i <= REQUESTS && performance.now() < deadline; i++) {
      const t0 = performance.now();
      const response = await client.request('GET', query);
      if (response.status !== 200) throw new Error(`insights answered ${response.status}`);
      if (i > 0) times.push(performance.now() - t0);
      const counted = (response.body as { incidents: number }).incidents;
      if (i === 0 && counted !== INCIDENTS) throw new Error(`counted ${counted} incidents`);
    }
    times.sort((a, b) => a - b);
    const shown = (ms: number | undefined) => (ms === undefined ? '—' : ms.toFixed(0));
    console.log(
      `| ${label} | ${INCIDENTS} | ${times.length} | ${shown(percentile(times, 50))} | ${shown(percentile(times, 95))} | ${seedS.toFixed(0)} |`,
    );
  } finally {
    await server.stop();
  }
}

async function main() {
  ensureClientBuilt((line) => console.error(line));
  const cluster = await startThrowawayPostgres({ durable: true });
  try {
    console.log(
      `Insights benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length}× ${cpus()[0]?.model.trim()}, Node ${process.version}: ` +
        `GET /api/insights for 90 days, ${REQUESTS} requests after one warm-up (fewer if they took over ${TIMEOUT_S} s)\n`,
    );
    console.log('| store | incidents | requests | median ms | p95 ms | seeding s |');
    console.log('|---|---|---|---|---|---|');
    if (ONLY !== 'postgres')
      await run('SQLite', async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'onpoint-bench-'));
        return { store: await openSqliteStore(dataDir, systemClock), options: { dataDir } };
      });
    if (ONLY !== 'sqlite')
      await run('PostgreSQL', async () => {
        const url = await createTestDatabase(cluster.url);
        return { store: await openPostgresStore(url, systemClock), options: { env: { DATABASE_URL: url } } };
      });
  } finally {
    await cluster.stop();
  }
}

await main();
