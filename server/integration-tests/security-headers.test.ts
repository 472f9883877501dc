import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../e2e/support/onpoint-server.js';

const directives = (policy: string | null) =>
  Object.fromEntries(
    (policy ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')]),
  );

describe('security headers', () => {
  let server: RunningServer;
  let proxied: RunningServer;
  beforeAll(async () => {
    [server, proxied] = await Promise.all([startServer(), startServer({ env: { ONPOINT_TRUST_PROXY: '1' } })]);
  });
  afterAll(() => Promise.all([server?.stop(), proxied?.stop()]));

  it('locks the app down: only its own scripts, no inline ones, never framed, no sniffing, no referrer', async () => {
    for (const path of ['/', '/incidents/some-incident', '/api/me']) {
      const response = await fetch(server.url + path);
      expect(directives(response.headers.get('content-security-policy')), path).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'script-src-attr': "'none'",
        'style-src': "'self'",
        'img-src': "'self'",
        'connect-src': "'self'",
        'worker-src': "'self'",
        'manifest-src': "'self'",
        'object-src': "'none'",
        'base-uri': "'none'",
        'form-action': "'self'",
        'frame-ancestors': "'none'",
      });
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('pins https (HSTS) only on answers a trusted proxy says went out over https', async () => {
    const overHttps = await fetch(proxied.url + '/', { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(overHttps.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const overHttp = await fetch(proxied.url + '/', { headers: { 'X-Forwarded-Proto': 'http' } });
    expect(overHttp.headers.get('strict-transport-security')).toBeNull();
    // Without trust in a proxy, the header is anyone's to write.
    const claimed = await fetch(server.url + '/', { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(claimed.headers.get('strict-transport-security')).toBeNull();
  });
});
