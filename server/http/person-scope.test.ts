import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config/load.js';
import { loadPlaybooks } from '../playbooks/library.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

/** The routes anyone may call: each has its own credential (a password, a bearer or signed token) or needs none. */
const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /metrics',
  'POST /api/login',
  'POST /api/logout',
  'GET /api/me',
  'POST /api/integrations/alertmanager',
  'POST /api/integrations/generic',
  'POST /api/integrations/grafana',
  'POST /api/integrations/heartbeat/:id',
  'GET /api/schedules/:file',
  'GET /api/people/:email/shifts.ics',
  'GET /api/push/key',
  'POST /api/push/receipts',
];

/** Every method and full path in Fastify's route tree (`printRoutes`), HEAD left out: it answers as GET does. */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    parents.length = depth;
    const path = (parents[depth - 1] ?? '') + match[2];
    parents[depth] = path;
    for (const method of match[3].split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

const samplePath = (path: string) => path.replace(/:[a-z]+/gi, 'x');

describe('every route but the named public ones asks who is asking', () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onpoint-routes-'));
    store = await openStore({ dataDir }, systemClock);
    ({ app } = await createApp({
      config: loadConfig(),
      store,
      now: systemClock,
      playbooks: loadPlaybooks('playbooks'),
      pushAllowHosts: [],
    }));
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 401 "log in first" to a request with no session or a forged one, on every route not named public', async () => {
    const routes = registeredRoutes(app);
    expect(routes.length).toBeGreaterThan(25);
    const answers: Record<string, string> = {};
    for (const route of routes) {
      const [method, path] = route.split(' ');
      for (const cookie of [undefined, 'onpoint_session=forged-session-id']) {
        const response = await fetch(base + samplePath(path), {
          method,
          headers: { ...(cookie ? { cookie } : {}), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
        });
        const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
        answers[`${route} ${cookie ? 'forged' : 'none'}`] =
          response.status === 401 && body.error?.code === 'not_logged_in' ? 'log in first' : 'answered';
      }
    }
    const expected = Object.fromEntries(
      routes.flatMap((route) =>
        ['none', 'forged'].map((cookie) => [`${route} ${cookie}`, PUBLIC_ROUTES.includes(route) ? 'answered' : 'log in first']),
      ),
    );
    expect(answers).toEqual(expected);
    // Every named public route exists: a renamed one must be renamed here too, on purpose.
    expect(PUBLIC_ROUTES.filter((route) => !routes.includes(route))).toEqual([]);
  });
});
