import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer } from '../../e2e/support/onpoint-server.js';
import { openEventStream } from '../../e2e/support/sse.js';
import { CLIENT_DIST } from '../client-build.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the wire, not decompressed. */
  body: Buffer;
}

/** A GET that leaves the body as sent (fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

const decoded = (response: RawResponse) =>
  response.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(response.body)
    : response.headers['content-encoding'] === 'gzip'
      ? gunzipSync(response.body)
      : response.body;

const BROWSER = { 'Accept-Encoding': 'gzip, deflate, br, zstd' };
const GZIP_ONLY = { 'Accept-Encoding': 'gzip' };
const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('what onpoint sends, compressed and cached', () => {
  let server: RunningServer;
  const indexHtml = readFileSync(join(CLIENT_DIST, 'index.html'));
  const mainScript = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(indexHtml.toString())![1];
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it('names in index.html every script the first screen needs, so none is asked for only once another has run', () => {
    const html = indexHtml.toString();
    const listed = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]));
    const script = (file: string) => readFileSync(join(CLIENT_DIST, 'assets', file), 'utf8');
    const entry = mainScript.replace('/assets/', '');
    // main.ts imports React and the screens itself, once it has sent the first requests.
    const firstScreen = /import\(`\.\/(render-app-[^`]+\.js)`\)/.exec(script(entry))![1];
    const needed = new Set<string>();
    const visit = (file: string) => {
      if (needed.has(file)) return;
      needed.add(file);
      for (const [, imported] of script(file).matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(imported);
    };
    visit(entry);
    visit(firstScreen);
    expect(needed.size).toBeGreaterThan(2);
    expect([...needed].filter((file) => !listed.has(file))).toEqual([]);
  });

  it('has the service worker open the app again as one classic script, from a page it precaches (V8 keeps its compiled code only for those)', async () => {
    const shell = readFileSync(join(CLIENT_DIST, 'shell.html'), 'utf8');
    const scripts = [...shell.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toHaveLength(1);
    const classic = /^<script defer src="(\/assets\/classic-[^"]+\.js)">$/.exec(scripts[0])![1];
    // The same page otherwise: the same stylesheet, manifest and "Loading…".
    expect(shell.replace(scripts[0], '')).toBe(
      indexHtml
        .toString()
        .replace(/\s*<link rel="modulepreload"[^>]*>/g, '')
        .replace(/<script\b[^>]*>/, ''),
    );
    const precached = [...readFileSync(join(CLIENT_DIST, 'sw.js'), 'utf8').matchAll(/"url":"([^"]+)"/g)].map((m) => `/${m[1]}`);
    expect(precached).toEqual(expect.arrayContaining(['/shell.html', classic]));
    const served = await rawGet(server.url + '/shell.html', BROWSER);
    expect(served.headers['cache-control']).toBe('no-cache');
    expect(served.headers['content-security-policy']).toContain("script-src 'self'");
    expect(decoded(served).toString()).toBe(shell);
  });

  it('sends the app’s script brotli-compressed to a browser and gzipped to a gzip-only client, the same bytes as built, cached for a year', async () => {
    const onDisk = readFileSync(join(CLIENT_DIST, mainScript));
    const br = await rawGet(server.url + mainScript, BROWSER);
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(onDisk.length / 2);
    expect(decoded(br).equals(onDisk)).toBe(true);

    const gzip = await rawGet(server.url + mainScript, GZIP_ONLY);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe(IMMUTABLE);
    expect(decoded(gzip).equals(onDisk)).toBe(true);

    const plain = await rawGet(server.url + mainScript, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(onDisk)).toBe(true);
  });

  it('sends index.html compressed and to be revalidated, at / and at an app route alike', async () => {
    for (const path of ['/', '/incidents/some-incident']) {
      const page = await rawGet(server.url + path, BROWSER);
      expect(page.status, path).toBe(200);
      expect(page.headers['content-encoding'], path).toBe('br');
      expect(page.headers['content-type'], path).toMatch(/text\/html/);
      expect(page.headers['cache-control'], path).toBe('no-cache');
      expect(decoded(page).equals(indexHtml), path).toBe(true);
    }
    const gzip = await rawGet(server.url + '/incidents/some-incident', GZIP_ONLY);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip).equals(indexHtml)).toBe(true);
  });

  it('has the service worker and the manifest revalidated, so a new version is seen at once', async () => {
    for (const file of ['sw.js', 'manifest.webmanifest']) {
      const response = await rawGet(`${server.url}/${file}`, BROWSER);
      expect(response.headers['cache-control'], file).toBe('no-cache');
      expect(response.headers['content-encoding'], file).toBe('br');
      expect(decoded(response).equals(readFileSync(join(CLIENT_DIST, file))), file).toBe(true);
    }
  });

  it('compresses a large API answer, and not a tiny one', async () => {
    for (let i = 0; i < 5; i++) {
      await postAlertmanager(server.url, { ...alertmanagerFixture('firing-single-critical.json'), groupKey: `size-${i}` });
    }
    const alice = await new ApiClient(server.url).login('alice@example.com');
    const list = await rawGet(`${server.url}/api/incidents`, { ...BROWSER, Cookie: alice.sessionCookie });
    expect(list.status).toBe(200);
    expect(list.headers['content-encoding']).toBe('br');
    const body = decoded(list);
    expect(body.length).toBeGreaterThan(1024);
    expect(JSON.parse(body.toString()).incidents).toHaveLength(5);

    const health = await rawGet(`${server.url}/healthz`, BROWSER);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString())).toMatchObject({ ok: true });
  });

  it('sends the live stream uncompressed, and it streams: an event arrives while it is open', async () => {
    const alice = await new ApiClient(server.url).login('alice@example.com');
    const stream = await openEventStream(`${server.url}/api/events`, { ...BROWSER, Cookie: alice.sessionCookie });
    try {
      expect(stream.headers.get('content-encoding')).toBeNull();
      const fired = await postAlertmanager(server.url, {
        ...alertmanagerFixture('firing-single-critical.json'),
        groupKey: 'live',
      });
      expect(await stream.waitFor(fired.body.incidentId as string)).toContain('event: timeline');
    } finally {
      stream.close();
    }
  });
});
