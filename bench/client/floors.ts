import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as forward } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
const FLOOR_DIR = fileURLToPath(new URL('floor', import.meta.url));

/** The floor pages (floor/), each a first visit that onpoint's incident list cannot beat on this machine. */
export const FLOORS = {
  react: 'React DOM alone drawing five rows (no data, no service worker)',
  stack: "the stack alone: React, TanStack Query, /api/me then /api/incidents checked with shared/'s schemas",
} as const;

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
        input: Object.fromEntries(Object.keys(FLOORS).map((floor) => [floor, join(FLOOR_DIR, `${floor}.html`)])),
        treeshake: { manualPureFunctions: ['lazySchema'] },
      },
    },
  });
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
