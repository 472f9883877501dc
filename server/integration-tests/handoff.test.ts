import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import type { HandoffSummary } from '../../shared/api.js';
import { escalatingTeamEnv, fireGroup, registerDevices } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The escalating team with daily shifts changing hands at `handoff` (UTC). */
function teamWithHandoffAt(handoff: Date): Record<string, string> {
  const env = escalatingTeamEnv('1h');
  const yaml = readFileSync(env.ONPOINT_CONFIG, 'utf8');
  const shift = `, shift: { days: 1, handoff: { day: ${WEEKDAYS[handoff.getUTCDay()]}, time: "${handoff.toISOString().slice(11, 16)}", timeZone: UTC }, startDate: "${new Date(handoff.getTime() - 10 * 86_400_000).toISOString().slice(0, 10)}" }`;
  const dir = mkdtempSync(join(tmpdir(), 'onpoint-handoff-'));
  writeFileSync(
    join(dir, 'team.yaml'),
    yaml.replace('members: [alice@example.com, bob@example.com] }', `members: [alice@example.com, bob@example.com]${shift} }`),
  );
  return { ...env, ONPOINT_CONFIG: join(dir, 'team.yaml') };
}

describe('handoff time, on a clock the test moves', () => {
  const stack = usePushStack();

  it('tells the outgoing and the incoming primary, quietly and once, and the app shows the summary', async () => {
    // Before: the next handoff is hours away; phones are registered and an incident is open.
    const handoff = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3 * 3600_000);
    const env = teamWithHandoffAt(handoff);
    const server = await stack.serveInProcess({ env });
    const { subs, alice } = await registerDevices(server, stack.push);
    const id = await fireGroup(server, 'open-over-handoff');
    const pushCount = () => stack.push.pushesFor(subs.alice.id).length + stack.push.pushesFor(subs.bob.id).length;
    // Its page goes to whichever of them is primary today; acknowledged, it stays open without climbing.
    await expect.poll(pushCount).toBe(1);
    await alice.request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      type: 'ack',
      occurredAt: server.clock().toISOString(),
    });
    server.advance(handoff.getTime() - 60_000 - server.clock().getTime());
    await server.runDue();
    const before = { alice: stack.push.pushesFor(subs.alice.id).length, bob: stack.push.pushesFor(subs.bob.id).length };
    expect(pushCount()).toBe(1);

    // The shift changes hands: both are told.
    server.advance(60_000);
    await server.runDue();
    const toAlice = await stack.push.waitForPush(subs.alice.id, before.alice + 1);
    const toBob = await stack.push.waitForPush(subs.bob.id, before.bob + 1);
    for (const push of [toAlice, toBob]) {
      expect(push.payload).toMatchObject({
        kind: 'handoff',
        title: 'Handoff: Payments on-call',
        incidentId: null,
        url: '/handoff',
      });
      expect((push.payload as { summary: string }).summary).toMatch(/takes over from .*\. 1 open\./);
      expect(push.urgency).toBe('low');
    }
    const api = await new ApiClient(server.url).login('bob@example.com');
    const { handoffs } = (await api.request('GET', '/api/handoffs')).body as { handoffs: HandoffSummary[] };
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({
      rotationName: 'Payments on-call',
      open: [{ title: 'Checkout API 5xx rate above 5% for 5m' }],
    });
    expect(new Set([handoffs[0].outgoing, handoffs[0].incoming])).toEqual(new Set(['alice@example.com', 'bob@example.com']));

    // A later look, and another process (or a restart) five minutes after the same handoff, do not tell them again.
    server.advance(5 * 60_000);
    await server.runDue();
    await server.stop();
    const again = await stack.serveInProcess({ env, dataDir: server.dataDir, at: server.clock() });
    await again.runDue();
    await again.stop();
    expect(stack.push.pushesFor(subs.alice.id)).toHaveLength(before.alice + 1);
    expect(stack.push.pushesFor(subs.bob.id)).toHaveLength(before.bob + 1);
  });
});
