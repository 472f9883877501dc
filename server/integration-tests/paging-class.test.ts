import { beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import type { IncidentView } from '../../shared/api.js';
import type { PushPayload } from '../../shared/push-payload.js';
import { WEEKDAYS } from '../config/schema.js';
import { escalatingTeamEnv, registerDevices, TEAM_TOKEN } from '../test-support/escalating-team.js';
import type { InProcessServer } from '../test-support/in-process-server.js';
import { usePushStack } from '../test-support/push-stack.js';

/** What Prometheus users write: severities of every convention, and rules that share an alertname. */

/** An alert of the group `groupKey` with these labels (no `page` label unless given), firing. */
function alert(groupKey: string, fingerprint: string, labels: Record<string, string>) {
  const fixture = alertmanagerFixture('firing-single-critical.json') as { alerts: Record<string, unknown>[] };
  const base = fixture.alerts[0];
  return {
    ...fixture,
    groupKey,
    commonLabels: {},
    commonAnnotations: { summary: `${labels.alertname} (${labels.severity ?? 'no severity'})` },
    alerts: [{ ...base, fingerprint, labels: { alertname: 'CheckoutLatency', ...labels } }],
  };
}

/** Working hours on a day that is not today: every test here runs outside them. */
function notToday(): string {
  const today = (new Date().getUTCDay() + 6) % 7; // Monday = 0 (the server's clock starts now and moves hours only)
  return `{ days: [${WEEKDAYS[(today + 3) % 7]}], start: '09:00', end: '10:00', timeZone: UTC }`;
}

describe('paging class', () => {
  const stack = usePushStack();
  let server: InProcessServer;
  let api: ApiClient;
  let alicePushes: () => PushPayload[];

  const open = async (groupKey: string, labels: Record<string, string>, fingerprint = groupKey) => {
    const response = await postAlertmanager(server.url, alert(groupKey, fingerprint, labels), TEAM_TOKEN);
    expect(response.status).toBe(200);
    return response.body.incidentId as string;
  };
  const view = async (id: string) => (await api.request('GET', `/api/incidents/${id}`)).body as IncidentView;
  const pagesOf = (id: string) => alicePushes().filter((p) => p.incidentId === id);

  /**
   * Whatever paging the answer left behind, done: paging is written before the answer, so once every timer
   * due by now has fired, the timeline shows all that pages now (the climb's next level is an hour away).
   */
  const settle = async () => {
    server.advance(60_000);
    await server.runDue();
  };

  // A custom mapping, and working hours that are not now; in the test process, on a clock the test moves.
  beforeAll(async () => {
    server = await stack.serveInProcess({
      env: escalatingTeamEnv('1h', {
        extra: 'severities: { low: never, urgent: always, P2: daytime }',
        workingHours: notToday(),
      }),
    });
    const { subs, alice } = await registerDevices(server, stack.push);
    api = alice;
    alicePushes = () => stack.push.pushesFor(subs.alice.id).map((p) => p.payload as PushPayload);
  });

  it.each([
    ['page', undefined],
    ['Critical', undefined],
    ['P1', undefined],
    ['error', undefined],
    ['urgent', undefined],
    [undefined, 'no severity label: paged to be safe'],
    ['banana', 'unknown severity "banana": paged to be safe'],
  ])('pages severity %s', async (severity, reason) => {
    const id = await open(`sev-${severity}`, severity === undefined ? {} : { severity });
    await expect.poll(() => pagesOf(id).map((p) => p.kind)).toEqual(['page']);
    const triggered = (await view(id)).timeline.find((e) => e.type === 'triggered');
    if (reason) expect(triggered).toMatchObject({ pagingClass: 'always', pagingReason: expect.stringContaining(reason) });
    else expect(triggered).not.toHaveProperty('pagingReason');
  });

  it.each(['info', 'low'])('keeps severity %s on the timeline only', async (severity) => {
    const id = await open(`sev-${severity}`, { severity });
    await settle();
    expect(pagesOf(id)).toEqual([]);
    expect((await view(id)).timeline.map((e) => e.type)).toEqual(['triggered', 'not_paged']);
  });

  it('pages when a critical alert joins the group a warning opened out of hours', async () => {
    const id = await open('latency', { severity: 'warning' }, 'warn-1');
    await expect.poll(() => pagesOf(id).map((p) => p.kind)).toEqual(['quiet']);
    const joined = await postAlertmanager(
      server.url,
      {
        ...alert('latency', 'crit-1', { severity: 'critical' }),
        alerts: [
          ...alert('latency', 'warn-1', { severity: 'warning' }).alerts,
          ...alert('latency', 'crit-1', { severity: 'critical' }).alerts,
        ],
      },
      TEAM_TOKEN,
    );
    expect(joined.body).toMatchObject({ incidentId: id, outcome: 'updated' });
    await expect.poll(() => pagesOf(id).map((p) => p.kind)).toEqual(['quiet', 'page']);
    const incident = await view(id);
    expect(incident).toMatchObject({ severity: 'critical', pagingClass: 'always' });
    expect(incident.timeline.find((e) => e.type === 'reclassified')).toMatchObject({
      pagingClass: 'always',
      reason: 'critical alert CheckoutLatency joined: paging',
    });
    expect(incident.timeline.filter((e) => e.type === 'escalated').map((e) => e.type === 'escalated' && e.reason)).toEqual([
      'triggered',
    ]);
  });

  it('never lowers the class when a warning joins a critical group', async () => {
    const id = await open('critical-first', { severity: 'critical' }, 'crit-2');
    await expect.poll(() => pagesOf(id).map((p) => p.kind)).toEqual(['page']);
    await postAlertmanager(
      server.url,
      {
        ...alert('critical-first', 'crit-2', { severity: 'critical' }),
        alerts: [
          ...alert('critical-first', 'crit-2', { severity: 'critical' }).alerts,
          ...alert('critical-first', 'warn-2', { severity: 'warning' }).alerts,
        ],
      },
      TEAM_TOKEN,
    );
    await settle();
    const incident = await view(id);
    expect(incident).toMatchObject({ severity: 'critical', pagingClass: 'always' });
    expect(incident.timeline.some((e) => e.type === 'reclassified')).toBe(false);
    // A page is written (escalated) before it is sent: one escalation, one page.
    expect(incident.timeline.filter((e) => e.type === 'escalated')).toHaveLength(1);
    expect(pagesOf(id)).toHaveLength(1);
  });
});
