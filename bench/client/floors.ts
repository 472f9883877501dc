import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as forward } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
const FLOOR_DIR = fileURLToPath(new URL('floor', import.meta.url));

/** The floor pages (floor/): a first visit, or a start offline, that onpoint's incident list cannot beat on this machine. */
export const FLOORS = {
  react: 'React DOM alone drawing five rows (no data, no service worker)',
  stack: "the stack alone: React, TanStack Query, /api/me then /api/incidents checked with shared/'s schemas",
  'worker-react':
    "React DOM alone drawing five rows, offline from a worker's precache (as one classic script, so from V8's code cache)",
  'worker-html': 'the five rows in the HTML itself, no React, offline from a worker',
} as const;

/** Built as the app's first visit is: module scripts. */
const MODULE_FLOORS = ['react', 'stack'];
/** Served as they are; the worker floors' script is built (react-classic.js). */
const WORKER_FILES = ['worker-react.html', 'worker-html.html', 'worker-register.js', 'worker-sw.js'];

/**
 * Builds the floor pages for production, as onpoint's client is built (zod set up the same way, schemas built
 * when used), and serves them on 127.0.0.1, passing `/api/` on to onpoint so the stack floor reads the same
 * answers, with the same session cookie, as the app.
 */
export async function startFloors(
  api: string,
): Promise<{ url: (floor: keyof typeof FLOORS) => string; stop: () => Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'onpoint-floor-'));
  await build({
    configFile: false,
    root: FLOOR_DIR,
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('../../client/zod-jitless.ts', import.meta.url)) }] },
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: {
        input: Object.fromEntries(MODULE_FLOORS.map((floor) => [floor, join(FLOOR_DIR, `${floor}.html`)])),
        treeshake: { manualPureFunctions: ['lazySchema'] },
      },
    },
  });
  // The React floor again, as one classic script: what onpoint's shell.html loads on every start after the first.
  await build({
    configFile: false,
    root: FLOOR_DIR,
    publicDir: false,
    logLevel: 'warn',
    plugins: [react()],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir,
      emptyOutDir: false,
      lib: { entry: join(FLOOR_DIR, 'react.tsx'), formats: ['iife'], name: 'floor', fileName: () => 'react-classic.js' },
    },
  });
  for (const file of WORKER_FILES) copyFileSync(join(FLOOR_DIR, file), join(outDir, file));
  const server = createServer((incoming, response) => {
    const path = incoming.url ?? '/';
    if (path.startsWith('/api/')) {
      const upstream = forward(new URL(path, api), { method: incoming.method, headers: incoming.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.writeHead(502).end());
      incoming.pipe(upstream);
      return;
    }
    try {
      const body = readFileSync(join(outDir, path.replace(/\.\.+/g, '')));
      response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: (floor) => `http://127.0.0.1:${port}/${floor}.html`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
