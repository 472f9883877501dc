/**
 * Ingest throughput: Alertmanager webhooks of 10 alerts each, half of them repeats of alerts the group
 * already sent (each post of a group moves its window of alerts on by 5), posted by a closed loop of
 * concurrent clients for a fixed time. On SQLite with one process, on PostgreSQL with one and with two
 * processes (requests spread over both). The PostgreSQL cluster is a throwaway one with its durable
 * defaults (fsync on), on the same machine.
 * Usage: npm run bench:ingest [-- --seconds 15 --concurrency 32]
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Agent, request } from 'node:http';
import { alertmanagerFixture, DEMO_ALERTMANAGER_TOKEN } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer, type ServerOptions } from '../../e2e/support/onpoint-server.js';
import { ensureClientBuilt } from '../../server/client-build.js';
import { createTestDatabase, startThrowawayPostgres } from '../../server/test-support/throwaway-postgres.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 15);
const CONCURRENCY = arg('concurrency', 32);
const GROUPS = 200;
const ALERTS = 10;

const template = alertmanagerFixture('firing-single-critical.json') as { alerts: Record<string, unknown>[] } & Record<
  string,
  unknown
>;

/** Post `k` of group `g`: alerts k*5 … k*5+9, so 5 were in the previous post and 5 are new. */
function payload(group: number, post: number) {
  const alerts = Array.from({ length: ALERTS }, (_, i) => {
    const n = post * (ALERTS / 2) + i;
    return {
      ...template.alerts[0],
      labels: { ...(template.alerts[0].labels as object), instance: `node-${n}` },
      fingerprint: `${group.toString(16).padStart(8, '0')}${n.toString(16).padStart(8, '0')}`,
    };
  });
  return JSON.stringify({ ...template, groupKey: `bench-ingest-${group}`, alerts, truncatedAlerts: 0 });
}

/** Busy share of all cores, from /proc/stat: whether a row was limited by the machine rather than by onpoint. */
function cpuTimes() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = fields[3] + fields[4];
  return { idle, total: fields.reduce((a, b) => a + b, 0) };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** One webhook over a kept-alive connection; resolves with the status. */
function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/integrations/alertmanager`,
      {
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${DEMO_ALERTMANAGER_TOKEN}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(servers: RunningServer[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const posts = new Array<number>(GROUPS).fill(0);
  let next = 0;
  let failures = 0;
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const n = next++;
      const group = n % GROUPS;
      const server = servers[n % servers.length];
      const body = payload(group, posts[group]++);
      const t0 = performance.now();
      const status = await post(agent, server.url, body).catch(() => 0);
      if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
      else failures++;
    }
  };
  const started = performance.now();
  const cpuBefore = cpuTimes();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuTimes();
  const busy = 1 - (cpuAfter.idle - cpuBefore.idle) / (cpuAfter.total - cpuBefore.total);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requestsPerS: latencies.length / elapsed,
    alertsPerS: (latencies.length * ALERTS) / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
    busy,
  };
}

async function run(label: string, processes: number, options: () => Promise<ServerOptions>) {
  const shared = await options();
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer(shared)));
  try {
    // Warm-up: JIT, connection pools, the first incidents.
    await loadBriefly(servers);
    const result = await load(servers);
    console.log(
      `| ${label} | ${processes} | ${Math.round(result.alertsPerS)} | ${Math.round(result.requestsPerS)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${result.failures} | ${Math.round(result.busy * 100)}% |`,
    );
    return result;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function loadBriefly(servers: RunningServer[]) {
  const agent = new Agent({ keepAlive: true });
  for (let g = 0; g < 50; g++) await post(agent, servers[g % servers.length].url, payload(10_000 + g, 0));
  agent.destroy();
}

async function main() {
  ensureClientBuilt((line) => console.error(line));
  const cluster = await startThrowawayPostgres({ durable: true });
  try {
    console.log(
      `Ingest benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length}× ${cpus()[0]?.model.trim()}, Node ${process.version}, ` +
        `${SECONDS} s per row, ${CONCURRENCY} concurrent clients, ${ALERTS} alerts per webhook (half repeats), ${GROUPS} groups\n`,
    );
    console.log('| store | processes | alerts/s | webhooks/s | p50 ms | p99 ms | failed | CPU busy (all cores) |');
    console.log('|---|---|---|---|---|---|---|---|');
    await run('SQLite', 1, async () => ({}));
    const one = await run('PostgreSQL', 1, async () => ({ env: { DATABASE_URL: await createTestDatabase(cluster.url) } }));
    const two = await run('PostgreSQL', 2, async () => ({ env: { DATABASE_URL: await createTestDatabase(cluster.url) } }));
    console.log(`\n2 processes / 1 process on PostgreSQL: ${(two.alertsPerS / one.alertsPerS).toFixed(2)}×`);
  } finally {
    await cluster.stop();
  }
}

await main();
