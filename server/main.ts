import { join } from 'node:path';
import { createApp } from './app.js';
import { settableClock, type SettableClock } from './clock.js';
import { CLIENT_DIST, ensureClientBuilt, ROOT } from './client-build.js';
import { ConfigError, loadConfig, type Config } from './config/load.js';
import { loadPlaybooks, PlaybookError } from './playbooks/library.js';
import { parseAllowHosts } from './push/allow-list.js';
import { parseTrustProxy, type TrustedProxies } from './http/trust-proxy.js';
import { createPgLiveBus } from './live/pg-bus.js';
import { seedDemoHistory } from './demo/past-incidents.js';
import { durationSpec } from '../shared/duration-spec.js';
import { refoldIfReducerChanged } from './incidents/rebuild-state.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';

function fail(message: string): never {
  console.error(`\nonpoint cannot start:\n${message}\n`);
  process.exit(1);
}

/** A number setting from the environment: unset is undefined, anything but a positive number stops the start. */
function positiveEnv(name: string): number | undefined {
  const text = process.env[name];
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) fail(`${name} must be a positive number, not "${text}"`);
  return value;
}

const optional = <K extends string>(key: K, value: number | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, number>>;

function banner(config: Config, url: string): string {
  const lines = [``, `  onpoint is running: ${url}`, `  team: ${config.teamName} (config ${config.file})`];
  if (config.demo) {
    lines.push(
      ``,
      `  ##  DEMO MODE: the shipped demo team, with public passwords. Do not expose it.`,
      `  ##  Log in as alice@example.com (primary), bob@example.com (secondary) or`,
      `  ##  carol@example.com (lead), password: onpoint-demo`,
      `  ##  Alertmanager webhook: ${url}/api/integrations/alertmanager`,
      `  ##    with the header  Authorization: Bearer demo-alertmanager-token`,
      `  ##  Generic webhook: ${url}/api/integrations/generic`,
      `  ##    with the header  Authorization: Bearer demo-generic-token`,
      `  ##  Grafana contact point: ${url}/api/integrations/grafana`,
      `  ##    with the header  Authorization: Bearer demo-grafana-token`,
      ...config.integrations
        .filter((i) => i.type === 'heartbeat')
        .flatMap((i) => [
          `  ##  Heartbeat (every ${durationSpec(i.heartbeat.intervalMs)}, ${durationSpec(i.heartbeat.graceMs)} grace): POST ${url}/api/integrations/heartbeat/${i.id}`,
          `  ##    with the header  Authorization: Bearer demo-heartbeat-token`,
        ]),
      `  ##  For a real team, set ONPOINT_CONFIG (see README).`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The demo team starts with six weeks of made-up history, once, so Insights has something to show. */
async function seedDemoOnce(store: Store, clock: SettableClock, config: Config) {
  const [rotation] = config.rotations;
  if ((rotation?.members.length ?? 0) < 2) return;
  if ((await store.getSetting('demo-history')) || (await store.listIncidents(1)).length) return;
  // Before anything else runs: the seeder holds the clock at each made-up event, so it is recorded when it happened.
  try {
    await seedDemoHistory({ store, setClock: (at) => clock.set(at) }, clock(), {
      id: rotation.id,
      name: rotation.name,
      members: [rotation.members[0], rotation.members[1]],
    });
  } finally {
    clock.set(null);
  }
  await store.initSetting('demo-history', clock().toISOString());
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  let playbooks;
  try {
    playbooks = loadPlaybooks(process.env.ONPOINT_PLAYBOOKS_DIR ?? join(ROOT, 'playbooks'));
  } catch (err) {
    if (err instanceof PlaybookError) fail(err.message);
    throw err;
  }
  // A client built elsewhere (a deploy pipeline) is served as it is.
  const clientDir = process.env.ONPOINT_CLIENT_DIR ?? CLIENT_DIST;
  if (process.env.ONPOINT_SKIP_BUILD !== '1' && !process.env.ONPOINT_CLIENT_DIR) ensureClientBuilt((line) => console.log(line));

  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a port number, not "${process.env.PORT}"`);

  let trustProxy: TrustedProxies;
  try {
    trustProxy = parseTrustProxy(process.env.ONPOINT_TRUST_PROXY);
  } catch (err) {
    fail((err as Error).message);
  }

  const databaseUrl = process.env.DATABASE_URL;
  const where = { databaseUrl, dataDir: process.env.ONPOINT_DATA_DIR ?? join(ROOT, 'data') };
  const clock = settableClock();
  let store;
  try {
    store = await openStore(where, clock);
  } catch (err) {
    fail(`cannot open ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'the SQLite data folder'}: ${(err as Error).message}`);
  }
  const refolded = await refoldIfReducerChanged(store);
  if (refolded?.changed)
    console.log(`The incident reducer changed: ${refolded.changed} of ${refolded.incidents} incidents refolded.`);
  if (config.demo && process.env.ONPOINT_DEMO_HISTORY !== '0') await seedDemoOnce(store, clock, config);
  // Several processes on one PostgreSQL: live events come from the database, whoever wrote them.
  const bus = databaseUrl ? await createPgLiveBus({ url: databaseUrl, store, log: console }) : undefined;
  const { app } = await createApp({
    config,
    store,
    now: clock,
    bus,
    playbooks,
    pushAllowHosts: parseAllowHosts(process.env.ONPOINT_PUSH_ALLOW_HOSTS),
    pageTtlSeconds: positiveEnv('ONPOINT_PAGE_TTL_SECONDS'),
    pushLimits: {
      ...optional('retryBaseMs', positiveEnv('ONPOINT_PUSH_RETRY_BASE_MS')),
      ...optional('maxRetryMs', positiveEnv('ONPOINT_PUSH_MAX_RETRY_MS')),
    },
    escalationTickMs: positiveEnv('ONPOINT_ESCALATION_TICK_MS'),
    maxLiveStreams: positiveEnv('ONPOINT_MAX_LIVE_STREAMS'),
    trustProxy,
    metricsToken: process.env.ONPOINT_METRICS_TOKEN || undefined,
    timeouts: {
      ...optional('requestMs', positiveEnv('ONPOINT_REQUEST_TIMEOUT_MS')),
      ...optional('headersMs', positiveEnv('ONPOINT_HEADERS_TIMEOUT_MS')),
      ...optional('keepAliveMs', positiveEnv('ONPOINT_KEEP_ALIVE_TIMEOUT_MS')),
    },
    clientDir,
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
  });
  try {
    await app.listen({ port, host });
  } catch (err) {
    fail(`cannot listen on ${host}:${port}: ${(err as Error).message}`);
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
  console.log(banner(config, config.publicUrl ?? `http://${shownHost}:${actualPort}`));

  const stop = async () => {
    await app.close();
    await bus?.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

await main();
