import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Nudge } from '../../shared/api.js';
import { escalatingTeamEnv, fireGroup, registerDevices } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';

/** A fixed-offset zone where it is 03:xx now (Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3). */
function zoneWhereItIsThreeAm(): string {
  let offset = (3 - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

describe('after a night page', () => {
  const stack = usePushStack();

  it('nudges the person who was woken, on their own clock, and nobody else', async () => {
    const env = escalatingTeamEnv('1h');
    const yaml = readFileSync(env.ONPOINT_CONFIG, 'utf8').replace(
      '{ email: alice@example.com, name: Alice,',
      `{ email: alice@example.com, name: Alice, timeZone: ${zoneWhereItIsThreeAm()},`,
    );
    writeFileSync(env.ONPOINT_CONFIG, yaml);
    const server = await stack.serve({ env });
    const { alice, bob, subs } = await registerDevices(server, stack.push);
    expect(((await alice.request('GET', '/api/me/nudge')).body as Nudge).nightPageAt).toBeNull();

    await fireGroup(server, 'at-night');
    const page = await stack.push.waitForPush(subs.alice.id);
    // The page's outcome is written a moment after the push service took it.
    const nightPageAt = async () => ((await alice.request('GET', '/api/me/nudge')).body as Nudge).nightPageAt;
    await expect.poll(nightPageAt).not.toBeNull();
    expect(Math.abs(Date.parse((await nightPageAt())!) - page.receivedAtMs)).toBeLessThan(5000);
    expect(((await bob.request('GET', '/api/me/nudge')).body as Nudge).nightPageAt).toBeNull();
  });
});
