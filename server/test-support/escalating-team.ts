import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import type { RunningServer } from '../../e2e/support/onpoint-server.js';
import type { PushServiceDouble } from '../../e2e/support/push-service-double.js';
import type { IncidentView } from '../../shared/api.js';
import type { PushPayload } from '../../shared/push-payload.js';
import type { usePushStack } from './push-stack.js';

/** Tests' own team: Alice primary, Bob secondary, a first level whose wait a test picks. */

const HASH = 'scrypt$16384$8$1$Ic1sZDUqZx1TRArKyekm8g$iBzzZnYmktIHGetVvmsIctF1YVSdqRuJ-eBqcfiM7PI'; // onpoint-demo
export const TEAM_TOKEN = 'test-token-escalation';

/**
 * Level 1 gets a short wait so tests see the climb; level 2 waits an hour so it re-pages only if something is
 * wrong. Nothing here sends delivery receipts, so confirmWithin is off unless a test is about it.
 */
export const HEARTBEAT_TOKEN = 'test-token-heartbeat';

const config = (firstWait: string, confirmWithin: string, extra: string, workingHours: string, integrations: string) => `
${extra}
team: { name: Escalating${workingHours ? `, workingHours: ${workingHours}` : ''} }
contact: mailto:ops@example.com
people:
  - { email: alice@example.com, name: Alice, passwordHash: "${HASH}" }
  - { email: bob@example.com, name: Bob, passwordHash: "${HASH}" }
rotations:
  - { id: payments, name: Payments on-call, members: [alice@example.com, bob@example.com] }
escalation:
  confirmWithin: ${confirmWithin}
  levels:
    - { page: [{ rotation: payments }], wait: ${firstWait} }
    - { page: [{ rotation: payments, role: secondary }], wait: 1h }
integrations:
  - { id: alertmanager, type: alertmanager, token: { env: TEST_AM_TOKEN } }
${integrations}
`;

/** The environment a server needs to run this team: its config file and token. */
export function escalatingTeamEnv(
  firstWait: string,
  /**
   * `extra`: more top-level YAML, such as a `severities:` map; `workingHours` in YAML flow style;
   * `integrations`: more entries of the list, each a line `  - { id: …, type: …, token: … }`; a token may name TEST_HB_TOKEN.
   */
  { confirmWithin = 'off', extra = '', workingHours = '', integrations = '' } = {},
): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'onpoint-config-'));
  writeFileSync(join(dir, 'team.yaml'), config(firstWait, confirmWithin, extra, workingHours, integrations));
  return { ONPOINT_CONFIG: join(dir, 'team.yaml'), TEST_AM_TOKEN: TEAM_TOKEN, TEST_HB_TOKEN: HEARTBEAT_TOKEN };
}

/** Alice and Bob log in and each register a phone on the push-service double. */
export async function registerDevices(server: Pick<RunningServer, 'url'>, push: PushServiceDouble) {
  const alice = await new ApiClient(server.url).login('alice@example.com');
  const bob = await new ApiClient(server.url).login('bob@example.com');
  const subs = { alice: push.subscribe(), bob: push.subscribe() };
  await alice.request('POST', '/api/devices', {
    name: 'Alice phone',
    subscription: { endpoint: subs.alice.endpoint, keys: subs.alice.keys },
  });
  await bob.request('POST', '/api/devices', {
    name: 'Bob phone',
    subscription: { endpoint: subs.bob.endpoint, keys: subs.bob.keys },
  });
  return { alice, bob, subs };
}

/**
 * This team, with more alert senders (`type` generic, grafana…), served as a process that pages through the
 * stack's push double, Alice's phone registered: her session, the pages her phone got, an incident as she sees it.
 */
export async function serveTeamWithSenders(
  stack: ReturnType<typeof usePushStack>,
  senders: { id: string; type: string; token: string }[],
) {
  const tokens = Object.fromEntries(senders.map((sender, i) => [`TEST_SENDER_TOKEN_${i}`, sender.token]));
  const integrations = senders
    .map(({ id, type }, i) => `  - { id: ${id}, type: ${type}, token: { env: TEST_SENDER_TOKEN_${i} } }`)
    .join('\n');
  const server = await stack.serve({ env: { ...escalatingTeamEnv('1h', { integrations }), ...tokens } });
  const { subs, alice } = await registerDevices(server, stack.push);
  return {
    server,
    alice,
    pagesOf: (incidentId: string) =>
      stack.push
        .pushesFor(subs.alice.id)
        .map((p) => p.payload as PushPayload)
        .filter((p) => p.incidentId === incidentId),
    view: async (incidentId: string) => (await alice.request('GET', `/api/incidents/${incidentId}`)).body as IncidentView,
  };
}

/** Alertmanager fires a new group; the incident's id. */
export const fireGroup = (server: Pick<RunningServer, 'url'>, groupKey: string) =>
  postAlertmanager(server.url, { ...alertmanagerFixture('firing-single-critical.json'), groupKey }, TEAM_TOKEN).then(
    (r) => r.body.incidentId as string,
  );

/** A heartbeat's beat, as a cron job's curl sends it: no body unless one is given. */
export async function beat(server: Pick<RunningServer, 'url'>, id: string, init: RequestInit = {}) {
  const response = await fetch(`${server.url}/api/integrations/heartbeat/${id}`, {
    method: 'POST',
    ...init,
    headers: { Authorization: `Bearer ${HEARTBEAT_TOKEN}`, ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
