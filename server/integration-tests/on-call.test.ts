import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import type { PushServiceDouble } from '../../e2e/support/push-service-double.js';
import { startStack, type Stack } from '../../e2e/support/stack.js';
import type { CalendarLinks, OnCallNow } from '../../shared/api.js';

const HASH = 'scrypt$16384$8$1$Ic1sZDUqZx1TRArKyekm8g$iBzzZnYmktIHGetVvmsIctF1YVSdqRuJ-eBqcfiM7PI'; // onpoint-demo
const DAY = 24 * 3600 * 1000;
// The shift turns about twelve hours from now, never while a test runs: a turn between working out who is
// on call and asking the server would fail a test that ran a second before it.
const HANDOFF_HOUR = (new Date().getUTCHours() + 12) % 24;
const START = Date.parse('2026-01-05T00:00:00Z') + HANDOFF_HOUR * 3600 * 1000;

/** A team whose daily rotation turns on the hour (UTC), so who is on call now is simple arithmetic here. */
const CONFIG = `
team: { name: Daily }
contact: mailto:ops@example.com
people:
  - { email: alice@example.com, name: Alice, passwordHash: "${HASH}" }
  - { email: bob@example.com, name: Bob, passwordHash: "${HASH}" }
  - { email: carol@example.com, name: Carol, passwordHash: "${HASH}" }
rotations:
  - id: daily
    name: Daily on-call
    members: [alice@example.com, bob@example.com]
    shift: { days: 1, handoff: { day: monday, time: "${String(HANDOFF_HOUR).padStart(2, '0')}:00", timeZone: UTC }, startDate: 2026-01-05 }
  - { id: lead, name: Lead, members: [carol@example.com] }
integrations:
  - { id: alertmanager, type: alertmanager, token: { env: TEST_AM_TOKEN } }
`;

describe('on call now, from the configured rotations', () => {
  let stack: Stack;
  let server: RunningServer;
  let push: PushServiceDouble;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onpoint-config-'));
    writeFileSync(join(dir, 'team.yaml'), CONFIG);
    stack = await startStack({ env: { ONPOINT_CONFIG: join(dir, 'team.yaml'), TEST_AM_TOKEN: 'test-token-123' } });
    ({ server, push } = stack);
  });
  afterAll(() => stack?.stop());

  it('reports who is primary, until when, and who is next', async () => {
    const now = Date.now();
    const index = Math.floor((now - START) / DAY);
    const [today, tomorrow] =
      index % 2 === 0 ? ['alice@example.com', 'bob@example.com'] : ['bob@example.com', 'alice@example.com'];
    const client = await new ApiClient(server.url).login('carol@example.com');
    const { rotations } = (await client.request('GET', '/api/oncall')).body as { rotations: OnCallNow[] };
    expect(rotations[0]).toEqual({
      rotationId: 'daily',
      name: 'Daily on-call',
      primary: today,
      secondary: tomorrow,
      primaryUntil: new Date(START + (index + 1) * DAY).toISOString(),
      shiftEnd: new Date(START + (index + 1) * DAY).toISOString(),
      nextPrimary: tomorrow,
      upcoming: [0, 1, 2, 3].map((i) => ({
        start: new Date(START + (index + 1 + i) * DAY).toISOString(),
        end: new Date(START + (index + 2 + i) * DAY).toISOString(),
        primary: i % 2 === 0 ? tomorrow : today,
        secondary: i % 2 === 0 ? today : tomorrow,
      })),
    });
    expect(rotations[1]).toMatchObject({ rotationId: 'lead', primary: 'carol@example.com', secondary: null, primaryUntil: null });
    expect((await new ApiClient(server.url).request('GET', '/api/oncall')).status).toBe(401);
  });

  it('says who each escalation level pages now, so Escalate can name them before it is tapped', async () => {
    const index = Math.floor((Date.now() - START) / DAY);
    const [today, tomorrow] =
      index % 2 === 0 ? ['alice@example.com', 'bob@example.com'] : ['bob@example.com', 'alice@example.com'];
    const client = await new ApiClient(server.url).login('carol@example.com');
    // No policy in the config: the first rotation's primary, then its secondary.
    expect((await client.request('GET', '/api/oncall')).body).toMatchObject({
      escalation: { levels: [[today], [tomorrow]], lastStep: 1 },
    });
  });

  it('pages whoever is primary now', async () => {
    const index = Math.floor((Date.now() - START) / DAY);
    const primary = index % 2 === 0 ? 'alice@example.com' : 'bob@example.com';
    const other = primary === 'alice@example.com' ? 'bob@example.com' : 'alice@example.com';
    const subs: Record<string, string> = {};
    for (const email of [primary, other]) {
      const sub = push.subscribe();
      const client = await new ApiClient(server.url).login(email);
      await client.request('POST', '/api/devices', { name: email, subscription: { endpoint: sub.endpoint, keys: sub.keys } });
      subs[email] = sub.id;
    }
    await postAlertmanager(server.url, alertmanagerFixture('firing-single-critical.json'), 'test-token-123');
    await push.waitForPush(subs[primary]);
    // A second page to the primary: anything sent to the other person with the first would be here by now.
    await postAlertmanager(server.url, alertmanagerFixture('firing-group-truncated.json'), 'test-token-123');
    await push.waitForPush(subs[primary], 2);
    expect(push.pushesFor(subs[other])).toEqual([]);
  });

  it('lets anyone cover a stretch with an override, pages the cover, and puts the schedule back when it is removed', async () => {
    const alice = await new ApiClient(server.url).login('alice@example.com');
    const carol = await new ApiClient(server.url).login('carol@example.com');
    const sub = push.subscribe();
    await carol.request('POST', '/api/devices', {
      name: 'Carol phone',
      subscription: { endpoint: sub.endpoint, keys: sub.keys },
    });

    const bad = await alice.request('POST', '/api/overrides', {
      rotationId: 'daily',
      person: 'carol@example.com',
      start: new Date(Date.now() + 3600_000).toISOString(),
      end: new Date().toISOString(),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not valid: end must be after start/);
    const unknown = await alice.request('POST', '/api/overrides', {
      rotationId: 'nope',
      person: 'carol@example.com',
      start: new Date().toISOString(),
      end: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(unknown.body.error.message).toBe('There is no rotation nope');

    const end = new Date(Date.now() + 3600_000).toISOString();
    const created = await alice.request('POST', '/api/overrides', {
      rotationId: 'daily',
      person: 'carol@example.com',
      start: new Date(Date.now() - 60_000).toISOString(),
      end,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ createdBy: 'alice@example.com', role: 'primary' });
    const covered = ((await alice.request('GET', '/api/oncall')).body as { rotations: OnCallNow[] }).rotations[0];
    expect(covered).toMatchObject({ primary: 'carol@example.com', primaryUntil: end });

    await postAlertmanager(
      server.url,
      { ...alertmanagerFixture('firing-single-critical.json'), groupKey: 'covered' },
      'test-token-123',
    );
    expect((await push.waitForPush(sub.id)).payload).toMatchObject({ kind: 'page' });

    expect((await carol.request('DELETE', `/api/overrides/${created.body.id}`)).status).toBe(204);
    expect((await carol.request('DELETE', `/api/overrides/${created.body.id}`)).status).toBe(404);
    const back = ((await alice.request('GET', '/api/oncall')).body as { rotations: OnCallNow[] }).rotations[0];
    expect(back.primary).not.toBe('carol@example.com');
    expect((await alice.request('GET', '/api/overrides')).body.overrides).toEqual([]);
  });

  it('serves private calendar feeds that need no session, only their token', async () => {
    const bob = await new ApiClient(server.url).login('bob@example.com');
    const { mine, rotations } = (await bob.request('GET', '/api/calendars')).body as {
      mine: string;
      rotations: { url: string }[];
    };
    const feed = await fetch(server.url + mine);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await feed.text();
    expect(text).toContain('SUMMARY:On call (primary): Daily on-call');
    expect(text).not.toContain('Lead');
    expect((await fetch(server.url + rotations[0].url)).status).toBe(200);
    expect((await fetch(server.url + mine.replace(/token=.*/, 'token=guess'))).status).toBe(404);
    expect((await fetch(server.url + mine.replace('bob%40example.com', 'alice%40example.com'))).status).toBe(404);
  });

  it("resets a person's calendar links: every old one is 404, the new ones work, nobody else's change", async () => {
    const alice = await new ApiClient(server.url).login('alice@example.com');
    const carol = await new ApiClient(server.url).login('carol@example.com');
    const links = async (client: ApiClient) => (await client.request('GET', '/api/calendars')).body as CalendarLinks;
    const status = async (path: string) => (await fetch(server.url + path)).status;
    const urls = (l: CalendarLinks) => [l.mine, ...l.rotations.map((r) => r.url)];
    const old = await links(alice);
    const carols = await links(carol);
    for (const url of [...urls(old), ...urls(carols)]) expect(await status(url)).toBe(200);

    const reset = await alice.request('POST', '/api/calendars/reset', {});
    expect(reset.status).toBe(200);
    const renewed = reset.body as CalendarLinks;
    expect(await links(alice)).toEqual(renewed);

    for (const url of urls(old)) expect(await status(url)).toBe(404);
    for (const url of [...urls(renewed), ...urls(carols)]) expect(await status(url)).toBe(200);
    expect(await (await fetch(server.url + renewed.mine)).text()).toContain('SUMMARY:On call (primary): Daily on-call');
  });
});
