import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../e2e/support/onpoint-server.js';
import { createApp } from '../app.js';
import { settableClock, type SettableClock } from '../clock.js';
import { parseConfig } from '../config/load.js';
import { loadPlaybooks } from '../playbooks/library.js';
import { openStore } from '../store/open-store.js';

export interface InProcessOptions {
  /** The team: ONPOINT_CONFIG and the variables it names (see escalating-team.ts). */
  env: Record<string, string>;
  /** Where the clock starts; it stands still until the test moves it. */
  at?: Date;
  /** A SQLite folder to use again (a restart); a fresh one otherwise. */
  dataDir?: string;
  /** PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** The push-service double's host:port, and the certificate it serves. */
  pushAllowHost: string;
  caCertPath: string;
}

export interface InProcessServer {
  url: string;
  dataDir: string;
  clock: SettableClock;
  /** Moves the clock on by `ms`. */
  advance(ms: number): void;
  /** What the heartbeat, escalation, handoff and push-queue loops would have done by now, done now and finished. */
  runDue(): Promise<void>;
  /** Stops taking requests, and lets pushes in flight finish and be written down; once, however often called. */
  stop(): Promise<void>;
}

/**
 * onpoint inside the test process (createApp, the store, the one clock), listening on 127.0.0.1: for tests
 * about time, which move the clock instead of waiting for it. The loops' own timers still run, rarely.
 */
export async function startInProcess(options: InProcessOptions): Promise<InProcessServer> {
  const { env } = options;
  const clock = settableClock();
  clock.set(options.at ?? new Date());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'onpoint-data-'));
  const config = parseConfig(readFileSync(env.ONPOINT_CONFIG, 'utf8'), env.ONPOINT_CONFIG, env);
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir }, clock);
  const { app, dueWork } = await createApp({
    config,
    store,
    now: clock,
    env,
    playbooks: loadPlaybooks(join(ROOT, 'playbooks')),
    pushAllowHosts: [options.pushAllowHost],
    pushCa: readFileSync(options.caCertPath, 'utf8'),
    pushLimits: { retryBaseMs: 20 },
    escalationTickMs: 3600_000,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  let stopped: Promise<void> | undefined;
  return {
    url,
    dataDir,
    clock,
    advance: (ms) => clock.set(new Date(clock().getTime() + ms)),
    async runDue() {
      await dueWork.heartbeats();
      await dueWork.escalations();
      await dueWork.handoffs();
      await dueWork.pushes();
    },
    stop: () =>
      (stopped ??= (async () => {
        await app.close();
        await store.close();
      })()),
  };
}
