import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../e2e/support/onpoint-server.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Every onpoint.sqlite* file in the folder, with its mode, while the server has it open. */
const databaseFiles = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.startsWith('onpoint.sqlite'))
      .map((name) => [name, mode(join(dir, name))]),
  );

/** Starts a real server under umask 000 on the folder; what it made of the modes, while it runs. */
async function modesUnderUmask000(dataDir: string) {
  const server = await startServer({ dataDir, umask: '000' });
  try {
    return { folder: mode(dataDir), files: databaseFiles(dataDir) };
  } finally {
    await server.stop();
  }
}

const OWNER_ONLY = {
  folder: '700',
  files: { 'onpoint.sqlite': '600', 'onpoint.sqlite-wal': '600', 'onpoint.sqlite-shm': '600' },
};

describe('the data folder is for onpoint alone, whatever the umask', () => {
  it('makes a new folder 0700 and the database with its WAL files 0600 under umask 000', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'onpoint-modes-')), 'data');
    expect(await modesUnderUmask000(dataDir)).toEqual(OWNER_ONLY);
  });

  it('closes up a 0755 folder and 0644 database left by an older onpoint', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'onpoint-modes-')), 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    // An empty file is an empty SQLite database.
    writeFileSync(join(dataDir, 'onpoint.sqlite'), '');
    chmodSync(join(dataDir, 'onpoint.sqlite'), 0o644);
    expect(await modesUnderUmask000(dataDir)).toEqual(OWNER_ONLY);
  });
});
