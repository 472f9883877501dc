import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import { startServer } from '../../e2e/support/onpoint-server.js';
import { runCli } from '../test-support/run-cli.js';

describe('starting onpoint', () => {
  it('refuses a bad config with a message naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onpoint-config-'));
    const file = join(dir, 'team.yaml');
    writeFileSync(file, 'team: { name: Ops }\ncontact: mailto:o@example.com\npeople: []\nrotations: []\n');
    const error = await startServer({ env: { ONPOINT_CONFIG: file } }).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(error).toContain(`${file} is not a valid onpoint config`);
    expect(error).toMatch(/people: must have at least 1 entry/);
  });

  it('sets a password with the command line: the new one works, the demo one no longer does', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onpoint-data-'));
    const result = runCli(['set-password', 'alice@example.com'], { ONPOINT_DATA_DIR: dataDir }, 'correct horse battery\n');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Password set for alice@example.com');
    expect(runCli(['set-password', 'nobody@example.com'], { ONPOINT_DATA_DIR: dataDir }, 'x'.repeat(12)).stderr).toContain(
      'set-password needs the email of someone in',
    );

    const server = await startServer({ dataDir });
    try {
      const tryLogin = (password: string) =>
        new ApiClient(server.url).request('POST', '/api/login', { email: 'alice@example.com', password });
      expect((await tryLogin('correct horse battery')).status).toBe(200);
      expect((await tryLogin('onpoint-demo')).status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('says demo mode loudly', async () => {
    const server = await startServer();
    await server.stop();
    expect(server.output()).toContain('DEMO MODE');
    expect(server.output()).toContain('password: onpoint-demo');
  });
});
