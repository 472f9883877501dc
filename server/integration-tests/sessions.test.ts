import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer } from '../../e2e/support/onpoint-server.js';
import { runCli } from '../test-support/run-cli.js';

const DAY_MS = 24 * 3600 * 1000;

describe('sessions', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  const loggedIn = (email: string, password?: string) => new ApiClient(server.url).login(email, password);
  const meStatus = async (client: ApiClient) => (await client.request('GET', '/api/session')).status;

  it('refuses a cookie from before set-password, and the new password logs in', async () => {
    const phone = await loggedIn('carol@example.com');
    const laptop = await loggedIn('carol@example.com');
    const bob = await loggedIn('bob@example.com');
    expect(await meStatus(phone)).toBe(200);

    const result = runCli(
      ['set-password', 'carol@example.com'],
      { ONPOINT_DATA_DIR: server.dataDir },
      'a brand new passphrase\n',
    );
    expect(result.stdout).toContain('Password set for carol@example.com');

    expect(await meStatus(phone)).toBe(401);
    expect(await meStatus(laptop)).toBe(401);
    expect(await meStatus(bob)).toBe(200);
    const again = await loggedIn('carol@example.com', 'a brand new passphrase');
    expect(await meStatus(again)).toBe(200);
  });

  it('logs out everywhere: every session of the person ends, this one included, and nobody else’s', async () => {
    const phone = await loggedIn('alice@example.com');
    const tablet = await loggedIn('alice@example.com');
    const laptop = await loggedIn('alice@example.com');
    const bob = await loggedIn('bob@example.com');

    const ended = await laptop.request('POST', '/api/sessions/end-all', {});
    expect(ended.status).toBe(204);
    expect(ended.headers.get('set-cookie')).toMatch(/^onpoint_session=;/);

    expect(await meStatus(phone)).toBe(401);
    expect(await meStatus(tablet)).toBe(401);
    expect(await meStatus(laptop)).toBe(401);
    expect(await meStatus(bob)).toBe(200);
    expect((await new ApiClient(server.url).request('POST', '/api/sessions/end-all', {})).status).toBe(401);
  });

  it('tells a device when its session started and when it ends', async () => {
    const before = Date.now();
    const phone = await loggedIn('bob@example.com');
    const { status, body } = await phone.request('GET', '/api/session');
    expect(status).toBe(200);
    const started = Date.parse(body.startedAt);
    expect(started).toBeGreaterThanOrEqual(before - 1000);
    expect(started).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(body.expiresAt) - started).toBe(30 * DAY_MS);
  });
});
