/**
 * Two builds of the client compared fairly on a shared machine: this checkout and another (`--against DIR`,
 * a checkout with its own `npm run build` done), each served by its own onpoint server with the same open
 * incidents, their cold first visits interleaved (A B, B A, …) in one browser so that the machine's drift
 * falls on both. Per load: when the first incident title was painted (Element Timing), and from a Chromium trace
 * the main thread's busy time from first paint to then, and its blocking time as Lighthouse counts it (4× CPU).
 * Both builds must name their titles for Element Timing: the other checkout must include 57a47ac.
 * Usage: npm run bench:client:compare -- --against ../onpoint-before [--runs 10] [--throttle 4]
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import { startServer } from '../../e2e/support/onpoint-server.js';
import { INCIDENT_TITLE_TIMING } from '../../client/element-timing.js';
import { median } from './median.js';
import { whenPainted, type PaintTimes } from './when-painted.js';

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const AGAINST = arg('--against');
const RUNS = Number(arg('--runs') ?? 10);
const THROTTLE = Number(arg('--throttle') ?? 4);
if (!AGAINST) throw new Error('Usage: npm run bench:client:compare -- --against <other checkout> [--runs 10] [--throttle 4]');

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { documentLoaderURL?: string; navigationId?: string } };
}
interface Sample {
  list: number;
  busy: number;
  blocking: number;
}

/**
 * Main-thread tasks from first paint to the list: busy time, and blocking time as on a 4× slower CPU. The list's
 * paint is placed on the trace's clock by its distance from the page's first paint, which the trace records.
 */
function mainThread(events: TraceEvent[], url: string, { fcp, element }: PaintTimes): { busy: number; blocking: number } {
  const navigation = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.startsWith(url));
  const paint = events.find(
    (e) =>
      e.name === 'firstContentfulPaint' && !!navigation && e.args?.data?.navigationId === navigation.args?.data?.navigationId,
  );
  if (!paint) throw new Error(`the trace holds no first paint of ${url}`);
  const listAt = paint.ts + (element - fcp) * 1000;
  const tasks = events.filter(
    (e) =>
      e.pid === paint.pid &&
      e.tid === paint.tid &&
      e.ph === 'X' &&
      e.name === 'ThreadControllerImpl::RunTask' &&
      e.ts >= paint.ts &&
      e.ts <= listAt,
  );
  const ms = tasks.map((t) => (t.dur ?? 0) / 1000);
  return {
    busy: ms.reduce((a, b) => a + b, 0),
    blocking: ms.reduce((sum, d) => sum + Math.max(0, (d * 4) / THROTTLE - 50), 0),
  };
}

async function main() {
  const other = (await import(pathToFileURL(join(resolve(AGAINST!), 'e2e/support/onpoint-server.ts')).href)) as {
    startServer: typeof startServer;
  };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const builds = [];
  for (const [label, start] of [
    ['this checkout', startServer],
    [AGAINST, other.startServer],
  ] as const) {
    const server = await start();
    for (let i = 0; i < 5; i++) {
      await postAlertmanager(server.url, { ...alertmanagerFixture('firing-single-critical.json'), groupKey: `compare-${i}` });
    }
    const [name, value] = (await new ApiClient(server.url).login('alice@example.com')).sessionCookie.split('=');
    builds.push({ label, server, cookie: { name, value, url: server.url }, samples: [] as Sample[] });
  }
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const build of run % 2 ? [...builds].reverse() : builds) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
        await context.addCookies([build.cookie]);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
        const path = join(tmpdir(), `onpoint-compare-${process.pid}.json`);
        await browser.startTracing(page, { path, categories: ['devtools.timeline', 'toplevel', 'blink.user_timing', 'loading'] });
        await page.goto(build.server.url + '/');
        const painted = await whenPainted(cdp, INCIDENT_TITLE_TIMING);
        await browser.stopTracing();
        await context.close();
        const events = (JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
        rmSync(path);
        build.samples.push({ list: painted.element, ...mainThread(events, build.server.url, painted) });
      }
    }
  } finally {
    await browser.close();
    for (const build of builds) await build.server.stop();
  }
  console.log(`Cold first visits, ${RUNS} each, interleaved, ${THROTTLE}× CPU throttling, traced (medians, ms)\n`);
  console.log('| build | list visible | main thread busy, first paint to list | blocking time (as on 4× CPU) |');
  console.log('|---|---|---|---|');
  for (const { label, samples } of builds) {
    const row = (key: keyof Sample) => median(samples.map((s) => s[key])).toFixed(0);
    console.log(`| ${label} | ${row('list')} | ${row('busy')} | ${row('blocking')} |`);
  }
}

await main();
