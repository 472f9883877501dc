import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer } from '../../e2e/support/onpoint-server.js';

/** The test talks to onpoint from 127.0.0.1, standing in for an nginx on the same machine that appends the client's address. */
const viaProxy = (clientWrote: string | null, proxySaw: string) => ({
  'X-Forwarded-For': clientWrote ? `${clientWrote}, ${proxySaw}` : proxySaw,
});

async function metricsStatus(server: RunningServer, headers: Record<string, string>) {
  return (await fetch(server.url + '/metrics', { headers })).status;
}

async function guessPasswords(server: RunningServer, times: number, headersFor: (i: number) => Record<string, string>) {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) {
    const guess = await new ApiClient(server.url).request(
      'POST',
      '/api/login',
      { email: 'carol@example.com', password: `guess-${i}` },
      headersFor(i),
    );
    statuses.push(guess.status);
  }
  return statuses;
}

describe.each([
  ['a hop count', '1'],
  ['the proxy address', '127.0.0.1'],
])('behind one reverse proxy named by %s', (_what, trust) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { ONPOINT_TRUST_PROXY: trust } });
  });
  afterAll(() => server.stop());

  it('takes the client address the proxy saw, not one the client wrote, for the /metrics loopback rule', async () => {
    expect(await metricsStatus(server, viaProxy('127.0.0.1', '203.0.113.9'))).toBe(403);
    expect(await metricsStatus(server, viaProxy('::1', '203.0.113.9'))).toBe(403);
    expect(await metricsStatus(server, viaProxy(null, '203.0.113.9'))).toBe(403);
    // A scraper on the proxy's own machine is still local.
    expect(await metricsStatus(server, viaProxy(null, '127.0.0.1'))).toBe(200);
  });

  it('limits password guessing per real client, however the client varies the first hop', async () => {
    const statuses = await guessPasswords(server, 40, (i) => viaProxy(`10.0.${i}.1`, '198.51.100.7'));
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
    // Another client behind the same proxy is not locked out by the guesser.
    const other = await new ApiClient(server.url).request(
      'POST',
      '/api/login',
      { email: 'carol@example.com', password: 'onpoint-demo' },
      viaProxy(null, '198.51.100.8'),
    );
    expect(other.status).toBe(200);
  });
});

describe('ONPOINT_TRUST_PROXY that would trust every hop', () => {
  it('stops the start with a message saying what to set instead', async () => {
    const error = await startServer({ env: { ONPOINT_TRUST_PROXY: 'true' } }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (err: Error) => err.message,
    );
    expect(error).toContain('would trust every X-Forwarded-For hop');
    expect(error).toContain('1 for one nginx or Caddy');
  });
});
