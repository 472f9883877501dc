/**
 * Lighthouse (mobile: a mid-range phone, simulated slow 4G and 4x CPU) on the two screens a person opens at
 * 3 a.m.: the login screen, and the incident list logged in with a few open incidents. Debian's Chromium,
 * headless, against a real server. Prints the four category scores and the audits that did not pass.
 * Targets (issue 15): accessibility 100, best practices 100, performance >= 95 on both. Then the floors
 * bench/client measures (React DOM alone; the stack alone reading the list), whose performance score the
 * incident list's can be read against (their other categories do not apply: bare pages).
 * Usage: npm run bench:lighthouse [-- --runs 3]   (the median run by performance is printed per screen)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import { startServer } from '../../e2e/support/onpoint-server.js';
import { ensureClientBuilt } from '../../server/client-build.js';
import { FLOORS, startFloors } from '../client/floors.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1;
const INCIDENTS = 5;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

interface Chromium {
  port: number;
  process: ChildProcess;
  profile: string;
}

/** Headless Chromium with a DevTools port the OS picks, read back from what Chromium prints. */
async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'onpoint-lighthouse-'));
  const child = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [...CHROMIUM_ARGS, '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools port:\n${stderr}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${stderr}`)));
  });
  return { port, process: child, profile };
}

/** Category scores out of 100, and the titles of the scored audits that did not pass. */
function summary(lhr: Result): { scores: Record<string, number>; failing: string[] } {
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
  const scored = new Set(CATEGORIES.flatMap((c) => lhr.categories[c]?.auditRefs.filter((r) => r.weight > 0).map((r) => r.id)));
  const failing = Object.values(lhr.audits)
    .filter((a) => scored.has(a.id) && a.score !== null && a.score < 0.9)
    .map((a) => `${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`);
  return { scores, failing };
}

async function audit(port: number, url: string, cookie?: string): Promise<Result> {
  const flags: Flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
    formFactor: 'mobile',
    throttlingMethod: 'simulate',
    // Every run a first visit. Lighthouse keeps local storage and IndexedDB by default: from the second run
    // on, the list opened with the copy the run before it saved (a different start, and a different score).
    clearStorageTypes: ['file_systems', 'shader_cache', 'service_workers', 'cache_storage', 'local_storage', 'indexeddb'],
    ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
  };
  const result = await lighthouse(url, flags);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  if (result.lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${result.lhr.runtimeError.message}`);
  return result.lhr;
}

async function main() {
  ensureClientBuilt((line) => console.error(line));
  const server = await startServer();
  const chromium = await launchChromium();
  const floors = await startFloors(server.url);
  try {
    for (let i = 0; i < INCIDENTS; i++) {
      await postAlertmanager(server.url, { ...alertmanagerFixture('firing-single-critical.json'), groupKey: `bench-${i}` });
    }
    const cookie = (await new ApiClient(server.url).login('alice@example.com')).sessionCookie;
    const screens = [
      { name: 'login screen', url: `${server.url}/` },
      { name: `incident list (logged in, ${INCIDENTS} open incidents)`, url: `${server.url}/`, cookie },
      { name: `floor: ${FLOORS.react}`, url: floors.url('react') },
      { name: `floor: ${FLOORS.stack}`, url: floors.url('stack'), cookie },
    ];
    console.log(
      `Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, mobile, ` +
        `simulated throttling, ${new Date().toISOString().slice(0, 10)}, ${RUNS} run(s) per screen\n`,
    );
    console.log(`| screen | ${CATEGORIES.join(' | ')} |`);
    console.log(`|---|${CATEGORIES.map(() => '---').join('|')}|`);
    const failures: string[] = [];
    for (const screen of screens) {
      const runs: Result[] = [];
      for (let run = 0; run < RUNS; run++) runs.push(await audit(chromium.port, screen.url, screen.cookie));
      const perf = (r: Result) => r.categories.performance?.score ?? 0;
      const median = [...runs].sort((a, b) => perf(a) - perf(b))[Math.floor(runs.length / 2)];
      const { scores, failing } = summary(median);
      console.log(`| ${screen.name} | ${CATEGORIES.map((c) => scores[c]).join(' | ')} |`);
      const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift']
        .map((id) => `${median.audits[id].title} ${median.audits[id].displayValue}`)
        .join(', ');
      failures.push(`${screen.name}: ${metrics}`);
      failures.push(...(failing.length ? failing.map((f) => `  not passed: ${f}`) : ['  every scored audit passed']));
    }
    console.log(`\n${failures.join('\n')}`);
  } finally {
    await new Promise((resolve) => {
      chromium.process.once('exit', resolve);
      chromium.process.kill();
    });
    rmSync(chromium.profile, { recursive: true, force: true });
    await floors.stop();
    await server.stop();
  }
}

await main();
