import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { alertmanagerFixture, type ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import type { IncidentView } from '../../shared/api.js';
import type { ActionBody } from '../../shared/actions.js';
import { foldIncident } from '../../shared/reducer.js';
import { WEEKDAYS } from '../config/schema.js';
import { escalatingTeamEnv, registerDevices, TEAM_TOKEN } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';
import { createTestDatabase } from '../test-support/throwaway-postgres.js';

/**
 * The state the server stores and sends is the one the client folds from the timeline it gets with it,
 * whatever happened to the incident: every kind of action, alerts changing, a class raised, a climb.
 */

const backends = [
  { name: 'SQLite', databaseUrl: async () => undefined },
  { name: 'PostgreSQL', databaseUrl: () => createTestDatabase(inject('postgresUrl')) },
];

/** Working hours on a day that is not today: a warning opens quietly. */
function notToday(): string {
  const today = (new Date().getUTCDay() + 6) % 7; // Monday = 0
  return `{ days: [${WEEKDAYS[(today + 3) % 7]}], start: '09:00', end: '10:00', timeZone: UTC }`;
}

/** Alertmanager's report of a group: these alerts (fingerprint → severity), firing or resolved. */
function report(groupKey: string, alerts: Record<string, string>, status: 'firing' | 'resolved' = 'firing') {
  const fixture = alertmanagerFixture('firing-single-critical.json') as { alerts: Record<string, unknown>[] };
  return {
    ...fixture,
    groupKey,
    status,
    commonLabels: {},
    alerts: Object.entries(alerts).map(([fingerprint, severity]) => ({
      ...fixture.alerts[0],
      status,
      fingerprint,
      labels: { alertname: 'CheckoutLatency', severity },
    })),
  };
}

describe.each(backends)('stored state and the client fold on $name', ({ databaseUrl }) => {
  const stack = usePushStack();

  it('agree for incidents driven through the API by every kind of action', async () => {
    const server = await stack.serveInProcess({
      databaseUrl: await databaseUrl(),
      env: escalatingTeamEnv('10m', { workingHours: notToday() }),
    });
    const { alice, bob } = await registerDevices(server, stack.push);
    const alert = async (body: unknown) => {
      const response = await postAlertmanager(server.url, body, TEAM_TOKEN);
      expect(response.status).toBe(200);
      return response.body.incidentId as string;
    };
    const act = async (api: ApiClient, id: string, action: { type: ActionBody['type'] } & Record<string, unknown>) => {
      const body = { ...action, id: randomUUID(), occurredAt: server.clock().toISOString() };
      const response = await api.request('POST', `/api/incidents/${id}/actions`, body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    };

    // A warning opened quietly, a critical joins (reclassified, alerts changed), then every action.
    const busy = await alert(report('busy', { w: 'warning' }));
    await alert(report('busy', { w: 'warning', c: 'critical' }));
    await act(alice, busy, { type: 'ack' });
    await act(alice, busy, { type: 'note', text: 'looking' });
    await act(alice, busy, { type: 'escalate' });
    await act(alice, busy, { type: 'handoff', to: 'bob@example.com' });
    await act(alice, busy, { type: 'join' });
    await act(bob, busy, { type: 'resolve', note: 'rolled back' });
    await act(bob, busy, { type: 'actionable', value: true });
    await alert(report('busy', { w: 'warning', c: 'critical' }, 'resolved'));

    // Nobody answers: the climb reaches bob, then the alert resolves by itself.
    const ignored = await alert(report('ignored', { c: 'critical' }));
    server.advance(10 * 60_000);
    await server.runDue();
    await alert(report('ignored', { c: 'critical' }, 'resolved'));
    await act(alice, ignored, { type: 'actionable', value: false, reason: 'flapping' });

    // Declared with bob on point; a timeline-only alert left open.
    const declared = randomUUID();
    expect(
      (
        await alice.request('POST', '/api/incidents', {
          id: declared,
          title: 'Payments slow',
          severity: 'warning',
          point: 'bob@example.com',
        })
      ).status,
    ).toBe(201);
    await act(bob, declared, { type: 'ack' });
    await act(alice, declared, { type: 'join' });
    // Bob snoozes it, is paged again when the snooze ends, resolves it; Alice reopens it.
    await act(bob, declared, { type: 'snooze', until: new Date(server.clock().getTime() + 60_000).toISOString() });
    server.advance(60_000);
    await server.runDue();
    await act(bob, declared, { type: 'resolve' });
    await act(alice, declared, { type: 'reopen' });
    const quiet = await alert(report('quiet', { i: 'info' }));

    const types = new Set<string>();
    for (const id of [busy, ignored, declared, quiet]) {
      const view = (await alice.request('GET', `/api/incidents/${id}`)).body as IncidentView;
      expect(view.state).toEqual(foldIncident(view.timeline));
      for (const e of view.timeline) types.add(e.type);
    }
    const driven = ['ack', 'actionable', 'alerts_changed', 'escalate', 'escalated', 'handoff', 'join', 'not_paged', 'note'];
    const snoozedAndReopened = ['snooze', 'snooze_ended', 'reopen'];
    expect([...types]).toEqual(
      expect.arrayContaining([...driven, ...snoozedAndReopened, 'reclassified', 'resolve', 'triggered']),
    );
  });
});
