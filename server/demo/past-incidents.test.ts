import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfig } from '../config/load.js';
import { createInsightsService } from '../insights/insights-service.js';
import { sqliteClient } from '../store/sql-client.js';
import { openSqlStore } from '../store/sql-store.js';
import { seedDemoHistory } from './past-incidents.js';

const DAY = 24 * 3600_000;

/** The six weeks of demo history as the Insights screen tells them, for a demo started at `now`. */
async function insightsOfDemoStartedAt(now: Date) {
  let heldAt: Date | null = null;
  const store = await openSqlStore(sqliteClient(new Database(':memory:')), () => heldAt ?? now);
  await seedDemoHistory({ store, setClock: (at) => (heldAt = at) }, now, {
    id: 'payments',
    name: 'Payments on-call',
    members: ['alice@example.com', 'bob@example.com'],
  });
  heldAt = null;
  const insights = await createInsightsService({ store, config: loadConfig(DEMO_CONFIG_PATH), now: () => now }).insights(
    new Date(now.getTime() - 42 * DAY),
    now,
  );
  const payments = (email: string) =>
    insights.people.find((p) => p.email === email)?.rotations.find((r) => r.rotationId === 'payments');
  return { alice: payments('alice@example.com'), bob: payments('bob@example.com') };
}

describe('the demo history', () => {
  // Its turns were once counted by calendar weeks: a demo started on a Saturday had one person take every night page.
  it('wakes both Alice and Bob at night, whichever day of the week the demo starts', async () => {
    for (let day = 0; day < 7; day++) {
      const { alice, bob } = await insightsOfDemoStartedAt(new Date(Date.UTC(2026, 11, 4 + day, 12)));
      expect(alice?.nightPages, `day ${day}`).toBeGreaterThan(0);
      expect(bob?.nightPages, `day ${day}`).toBeGreaterThan(0);
    }
  });
});
