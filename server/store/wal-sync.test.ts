import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createWalSync } from './wal-sync.js';

/** A disk whose syncs finish when the test says. */
function slowDisk() {
  const syncs: (() => void)[] = [];
  return {
    syncFile: () => new Promise<void>((resolve) => syncs.push(resolve)),
    started: () => syncs.length,
    finish: async () => {
      syncs.shift()!();
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('syncing the WAL', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const walWithOneCommit = () => {
    dir = mkdtempSync(join(tmpdir(), 'onpoint-wal-'));
    const db = new Database(join(dir, 'db.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    return { db, wal: join(dir, 'db.sqlite-wal') };
  };

  it('answers commits that come while a sync runs with the next sync, one for all of them', async () => {
    const { db, wal } = walWithOneCommit();
    const disk = slowDisk();
    const commits = createWalSync(wal, disk.syncFile);
    const done: string[] = [];
    void commits.sync().then(() => done.push('first'));
    void commits.sync().then(() => done.push('second'));
    void commits.sync().then(() => done.push('third'));
    expect(disk.started()).toBe(1);
    // The running sync may have started before the second and third were written: they wait for the next.
    await disk.finish();
    expect(done).toEqual(['first']);
    expect(disk.started()).toBe(1);
    await disk.finish();
    expect(done).toEqual(['first', 'second', 'third']);
    await commits.close();
    db.close();
  });

  it('syncs the real file', async () => {
    const { db, wal } = walWithOneCommit();
    const commits = createWalSync(wal);
    await expect(commits.sync()).resolves.toBeUndefined();
    await commits.close();
    db.close();
  });

  it('fails a sync it cannot even start, instead of throwing at the committer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'onpoint-wal-'));
    const commits = createWalSync(join(dir, 'no-such-wal'));
    await expect(commits.sync()).rejects.toThrow(/ENOENT/);
    await commits.close();
  });
});
