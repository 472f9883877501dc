import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompressClient } from './client-precompress.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLIENT_DIST = join(ROOT, 'dist', 'client');
const STAMP = join(CLIENT_DIST, '.build-hash');
const INPUTS = ['client', 'shared', 'public', 'vite.config.ts', 'package-lock.json'];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** A hash of everything the client build reads: the build reruns only when it changes. */
export function clientSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(join(ROOT, input)))) {
    if (file.endsWith('.test.ts') || file.endsWith('.test.tsx')) continue;
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function isClientBuildCurrent(): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8') === clientSourceHash();
}

export function buildClient(): void {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      // Test runners set NODE_ENV=test, which would make Vite ship React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('Building the app failed (see the output above)');
  precompressClient(CLIENT_DIST);
  writeFileSync(STAMP, clientSourceHash());
}

/** Builds the PWA when it is missing or its sources changed; a second start with no changes skips it. */
export function ensureClientBuilt(log: (line: string) => void): void {
  if (isClientBuildCurrent()) return;
  log('Building the app (first start, or the client changed)…');
  const started = performance.now();
  buildClient();
  log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
