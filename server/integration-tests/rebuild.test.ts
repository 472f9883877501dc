import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer } from '../../e2e/support/onpoint-server.js';
import type { IncidentView } from '../../shared/api.js';
import { foldIncident } from '../../shared/reducer.js';
import { escalatingTeamEnv, fireGroup } from '../test-support/escalating-team.js';
import { runCli } from '../test-support/run-cli.js';

describe('incident state folded again from the timeline', () => {
  it('corrects a state an older reducer stored: by `rebuild` while onpoint runs, and at start when the reducer changed', async () => {
    const env = escalatingTeamEnv('1h');
    const viewOn = async (server: RunningServer, id: string) => {
      const alice = await new ApiClient(server.url).login('alice@example.com');
      return (await alice.request('GET', `/api/incidents/${id}`)).body as IncidentView;
    };
    /** The state served is the one the reducer makes of the timeline served with it. */
    const expectFolded = (view: IncidentView) => {
      expect(view.state).toEqual(foldIncident(view.timeline));
      expect(view.state).toMatchObject({ status: 'acknowledged', point: 'alice@example.com' });
    };

    const first = await startServer({ env });
    const alice = await new ApiClient(first.url).login('alice@example.com');
    const id = await fireGroup(first, 'stored-long-ago');
    await alice.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'ack',
      occurredAt: new Date().toISOString(),
    });
    const right = (await viewOn(first, id)).state;
    expectFolded(await viewOn(first, id));
    await first.stop();

    /** What an older reducer made of the same timeline, written straight into the database. */
    const storeOldState = (reducerVersion?: string) => {
      const db = new Database(join(first.dataDir, 'onpoint.sqlite'));
      const old = JSON.stringify({ ...right, status: 'triggered', point: null, acknowledgedAt: null });
      db.prepare('UPDATE incidents SET state = ? WHERE id = ?').run(old, id);
      if (reducerVersion) db.prepare("UPDATE settings SET value = ? WHERE key = 'reducer-version'").run(reducerVersion);
      db.close();
    };

    // The stored reducer version is this one: a start serves the state as stored, and `rebuild` corrects it.
    storeOldState();
    const second = await startServer({ env, dataDir: first.dataDir });
    expect((await viewOn(second, id)).state).toMatchObject({ status: 'triggered', point: null });
    const rebuild = runCli(['rebuild'], { ONPOINT_DATA_DIR: first.dataDir });
    expect(rebuild.status, rebuild.stderr).toBe(0);
    expect(rebuild.stdout).toContain("Refolded every incident's state from its timeline: 1 of 1 changed.");
    expectFolded(await viewOn(second, id));
    await second.stop();

    // An older reducer's version is stored: the start folds every incident again before it serves.
    storeOldState('0');
    const third = await startServer({ env, dataDir: first.dataDir });
    expectFolded(await viewOn(third, id));
    expect(third.output()).toContain('The incident reducer changed: 1 of 1 incidents refolded.');
    await third.stop();
  });
});
