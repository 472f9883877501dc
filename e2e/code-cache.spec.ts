import { expect, test } from './support/test.js';
import { logIn } from './support/app.js';
import { useStack } from './support/stack.js';

const env = useStack();

interface TraceEvent {
  name: string;
  args?: { data?: { url?: string; consumedCacheSize?: number } };
}

// The largest piece of a cold start was V8 parsing and compiling the app again on every start: Chromium never
// reads back the code cache of a module script. A start the worker serves loads the app as one classic script
// for this (vite.config.ts), at / as at any other route.
test('a start served by the service worker runs the app from V8’s code cache instead of compiling it again', async ({ page }) => {
  await logIn(page, env.server.url, 'alice@example.com');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // The app opened again, as from the home screen.
  const again = await page.context().newPage();
  const cdp = await page.context().newCDPSession(again);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'v8', transferMode: 'ReportEvents' });
  await again.goto(env.server.url + '/');
  await expect(again.getByRole('heading', { name: 'Incidents' })).toBeVisible();
  const traced = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.end');
  await traced;

  const app = events.filter((e) => /^v8\.compile/.test(e.name) && e.args?.data?.url?.includes('/assets/'));
  expect(app.length).toBeGreaterThan(0);
  for (const compile of app) expect(compile.args?.data?.consumedCacheSize, compile.args?.data?.url).toBeGreaterThan(0);
});
