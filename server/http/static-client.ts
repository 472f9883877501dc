import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Files whose name does not change between builds must be revalidated, or an old app lingers. */
const REVALIDATE = new Set(['index.html', 'shell.html', 'sw.js', 'manifest.webmanifest']);

export async function serveClient(app: FastifyInstance, clientDir: string): Promise<void> {
  if (!existsSync(join(clientDir, 'index.html'))) {
    throw new Error(`The app is not built: ${clientDir}/index.html is missing (npm run build)`);
  }
  await app.register(fastifyStatic, {
    root: clientDir,
    wildcard: true,
    // The build wrote name.br and name.gz beside each text file (client-precompress.ts).
    preCompressed: true,
    setHeaders(reply, path) {
      // The path is the file sent, which may be the compressed one: index.html.br is index.html.
      const name = (path.split(/[\\/]/).pop() ?? '').replace(/\.(br|gz)$/, '');
      reply.header(
        'Cache-Control',
        REVALIDATE.has(name)
          ? 'no-cache'
          : path.includes('/assets/')
            ? 'public, max-age=31536000, immutable'
            : 'public, max-age=3600',
      );
      if (name === 'sw.js') reply.header('Service-Worker-Allowed', '/');
    },
  });
}

/** App routes such as /incidents/123 are the single-page app's: answer them with index.html. */
export function isAppRoute(method: string, url: string): boolean {
  return method === 'GET' && !url.startsWith('/api/') && !/\.[a-z0-9]+($|\?)/i.test(url);
}
