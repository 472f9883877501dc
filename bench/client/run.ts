/**
 * Client speed and size: first contentful paint and time until the incident list is visible, for a
 * cold first visit online and for a cold start offline (served by the service worker) right after that
 * one visit; the bytes the first visit downloads from onpoint, as served (compressed as Chromium asks),
 * and the precache and service worker as onpoint serves them to Chromium. Debian's Chromium,
 * 390x844, 4x CPU throttling (DevTools), against a real server with a few open incidents. The last rows
 * measure floors the same way (floor/, floors.ts): cold, React DOM alone and the stack alone reading the list; offline
 * from a worker after one visit, React DOM alone from V8's code cache and the rows as plain HTML.
 * Usage: npm run bench:client [-- --runs 7]
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import { startServer } from '../../e2e/support/onpoint-server.js';
import { waitUntilReadyOffline } from '../../e2e/support/offline.js';
import { INCIDENT_TITLE_TIMING } from '../../client/element-timing.js';
import { CLIENT_DIST, ensureClientBuilt } from '../../server/client-build.js';
import { IngestResult } from '../../shared/api.js';
import { FLOORS, startFloors } from './floors.js';
import { median } from './median.js';
import { whenPainted } from './when-painted.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const THROTTLE = 4;
const INCIDENTS = 5;
const PLAYBOOKS = 3;

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** Response bodies as sent (compressed where onpoint compresses), by kind, and all their headers. */
interface Downloads {
  js: number;
  jsFiles: number;
  css: number;
  document: number;
  /** The API's answers, the manifest and icons. */
  other: number;
  headers: number;
}

interface Load {
  fcp: number;
  list: number;
}

async function load(context: BrowserContext, url: string, watch?: (page: Page) => void): Promise<{ page: Page; timing: Load }> {
  const page = await context.newPage();
  watch?.(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.goto(url);
  const painted = await whenPainted(cdp, INCIDENT_TITLE_TIMING).catch(async (err: Error) => {
    throw new Error(`the incident list did not show at ${url}: ${err.message}\n${await page.locator('body').innerText()}`);
  });
  const timing = { fcp: painted.fcp, list: painted.element };
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return { page, timing };
}

/** Chromium's Accept-Encoding, for the files the service worker downloads. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

/** The body bytes onpoint sends for a file, as sent (compressed), to a client accepting what Chromium accepts. */
function servedBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': BROWSER_ENCODINGS } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
    }).on('error', reject);
  });
}

/** The precache as the service worker lists it, as onpoint serves each file. */
async function precacheBytes(baseUrl: string): Promise<{ files: number; served: number; raw: number }> {
  const sw = readFileSync(join(CLIENT_DIST, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
  let served = 0;
  let raw = 0;
  for (const url of urls) {
    raw += readFileSync(join(CLIENT_DIST, url)).length;
    served += await servedBytes(`${baseUrl}/${url}`);
  }
  return { files: urls.length, served, raw };
}

async function main() {
  ensureClientBuilt((line) => console.error(line));
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const incidents: string[] = [];
    for (let i = 0; i < INCIDENTS; i++) {
      const fired = await postAlertmanager(server.url, {
        ...alertmanagerFixture('firing-single-critical.json'),
        groupKey: `bench-${i}`,
      });
      const { incidentId } = IngestResult.parse(fired.body);
      if (!incidentId) throw new Error('the alert opened no incident');
      incidents.push(incidentId);
    }
    const session = (await new ApiClient(server.url).login('alice@example.com')).sessionCookie;
    const [name, value] = session.split('=');
    const cold: Load[] = [];
    const offline: Load[] = [];
    let firstLoad: Downloads = { js: 0, css: 0, jsFiles: 0, document: 0, other: 0, headers: 0 };

    for (let run = 0; run < RUNS; run++) {
      // A fresh profile each run: nothing cached, no service worker, logged in.
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
      await context.addCookies([{ name, value, url: server.url }]);
      const bytes: Downloads = { js: 0, css: 0, jsFiles: 0, document: 0, other: 0, headers: 0 };
      const counting: Promise<void>[] = [];
      // What the page itself downloads, as it came over the wire; the service worker's precache is counted apart.
      const countDownloads = (page: Page) =>
        page.on('requestfinished', (request) => {
          counting.push(
            request.sizes().then(({ responseBodySize, responseHeadersSize }) => {
              const type = request.resourceType();
              bytes.headers += responseHeadersSize;
              if (type === 'script') {
                bytes.js += responseBodySize;
                bytes.jsFiles++;
              } else if (type === 'stylesheet') bytes.css += responseBodySize;
              else if (type === 'document') bytes.document += responseBodySize;
              else bytes.other += responseBodySize;
            }),
          );
        });

      const first = await load(context, server.url + '/', countDownloads);
      await Promise.all(counting);
      firstLoad = bytes;
      cold.push(first.timing);
      await waitUntilReadyOffline(first.page, { playbooks: PLAYBOOKS, cached: incidents });
      await first.page.close();

      await context.setOffline(true);
      const again = await load(context, server.url + '/');
      offline.push(again.timing);
      await context.close();
    }

    const floorLoads: Record<keyof typeof FLOORS, Load[]> = { react: [], stack: [], 'worker-react': [], 'worker-html': [] };
    const floors = await startFloors(server.url);
    try {
      for (let run = 0; run < RUNS; run++) {
        for (const floor of ['react', 'stack'] as const) {
          const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
          await context.addCookies([{ name, value, url: floors.url(floor) }]);
          floorLoads[floor].push((await load(context, floors.url(floor))).timing);
          await context.close();
        }
        for (const floor of ['worker-react', 'worker-html'] as const) {
          const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
          const first = await load(context, floors.url(floor));
          await first.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
          await first.page.close();
          await context.setOffline(true);
          floorLoads[floor].push((await load(context, floors.url(floor))).timing);
          await context.close();
        }
      }
    } finally {
      await floors.stop();
    }

    const precache = await precacheBytes(server.url);
    const swServed = await servedBytes(`${server.url}/sw.js`);
    const row = (label: string, loads: Load[]) =>
      `| ${label} | ${median(loads.map((l) => l.fcp)).toFixed(0)} | ${median(loads.map((l) => l.list)).toFixed(0)} | ${Math.max(...loads.map((l) => l.list)).toFixed(0)} |`;
    console.log(
      `Client benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length}× ${cpus()[0]?.model.trim()}, ` +
        `Chromium ${browser.version()}, 390×844, ${THROTTLE}× CPU throttling, ${RUNS} runs, ${INCIDENTS} open incidents\n`,
    );
    console.log('| start | FCP ms (median) | incident list visible ms (median) | list visible ms (worst) |');
    console.log('|---|---|---|---|');
    console.log(row('cold, online, first visit', cold));
    console.log(row('cold, offline, after that one visit (service worker)', offline));
    console.log(row(`floor: ${FLOORS.react}, cold`, floorLoads.react));
    console.log(row(`floor: ${FLOORS.stack}, cold`, floorLoads.stack));
    console.log(row(`floor: ${FLOORS['worker-react']}, after one visit`, floorLoads['worker-react']));
    console.log(row(`floor: ${FLOORS['worker-html']}, after one visit`, floorLoads['worker-html']));
    const total = firstLoad.js + firstLoad.css + firstLoad.document + firstLoad.other + firstLoad.headers;
    console.log(`\n| bytes as served by onpoint (Accept-Encoding: ${BROWSER_ENCODINGS}) | KB |`);
    console.log('|---|---|');
    console.log(`| JS the first visit downloads (${firstLoad.jsFiles} files) | ${kb(firstLoad.js)} |`);
    console.log(`| CSS the first visit downloads | ${kb(firstLoad.css)} |`);
    console.log(`| index.html | ${kb(firstLoad.document)} |`);
    console.log(`| API answers, manifest and icons the page fetches | ${kb(firstLoad.other)} |`);
    console.log(`| response headers of all of those | ${kb(firstLoad.headers)} |`);
    console.log(`| **everything the page downloads on the first visit** | **${kb(total)}** |`);
    console.log(`| precache, ${precache.files} files (raw ${kb(precache.raw)}) | ${kb(precache.served)} |`);
    console.log(`| service worker script (not in the precache) | ${kb(swServed)} |`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
