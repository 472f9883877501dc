import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import { useOneServer } from '../test-support/one-server.js';
import type { InsightsView, IncidentView } from '../../shared/api.js';

/** Phones whose clocks are wrong: the tap is taken, its time kept within reason, and the numbers stay sane. */
describe('device time', () => {
  const server = useOneServer();
  let alice: ApiClient;

  beforeAll(async () => {
    alice = await server.logIn('alice@example.com');
  });

  it('takes an ack dated 1900 and a resolve dated 9999, says the device clock was off, and insights stay sane', async () => {
    const started = Date.now();
    const id = (await postAlertmanager(server.url, alertmanagerFixture('firing-single-critical.json'))).body.incidentId;
    const act = (body: Record<string, unknown>) => alice.request('POST', `/api/incidents/${id}/actions`, body);

    const ackBody = { id: randomUUID(), type: 'ack', occurredAt: '1900-01-01T00:00:00Z', via: 'notification' };
    const ack = await act(ackBody);
    expect(ack.status).toBe(201);
    expect(ack.body.state).toMatchObject({ status: 'acknowledged', point: 'alice@example.com' });
    // The same action again is the same result.
    const replay = await act(ackBody);
    expect(replay.status).toBe(200);
    expect(replay.body.event).toEqual(ack.body.event);

    const sentResolve = Date.now();
    const resolve = await act({ id: randomUUID(), type: 'resolve', occurredAt: '9999-12-31T23:59:59Z' });
    expect(resolve.status).toBe(201);
    const answered = Date.now();

    const view = (await alice.request('GET', `/api/incidents/${id}`)).body as IncidentView;
    const acked = view.timeline.find((e) => e.type === 'ack')!;
    const resolved = view.timeline.find((e) => e.type === 'resolve')!;
    // What counts: no earlier than the incident opened, no later than the server received it.
    expect(acked).toMatchObject({ occurredAt: view.createdAt, deviceTime: '1900-01-01T00:00:00.000Z' });
    expect(Date.parse(resolved.occurredAt)).toBeGreaterThanOrEqual(sentResolve - 1000);
    expect(Date.parse(resolved.occurredAt)).toBeLessThanOrEqual(answered);
    expect(resolved.deviceTime).toBe('9999-12-31T23:59:59.000Z');
    expect(view.state.acknowledgedAt).toBe(view.createdAt);

    const draft = await fetch(`${server.url}/api/incidents/${id}/postmortem.md`, { headers: { Cookie: alice.sessionCookie } });
    const markdown = await draft.text();
    expect(markdown).toMatch(/\| Alice acknowledged from notification \(device clock was \d+ years behind\) \|/);
    expect(markdown).toMatch(/\| Alice resolved \(device clock was \d+ years ahead\) \|/);

    const insights = (await alice.request('GET', '/api/insights')).body as InsightsView;
    const elapsed = Date.now() - started;
    const [rule] = insights.rules;
    expect(rule.rule.alertname).toBe('CheckoutHighErrorRate');
    expect(rule.medianAckMs).toBeGreaterThanOrEqual(0);
    expect(rule.medianAckMs).toBeLessThanOrEqual(elapsed);
    expect(rule.medianResolveMs).toBeGreaterThanOrEqual(0);
    expect(rule.medianResolveMs).toBeLessThanOrEqual(elapsed);
    const me = insights.people.find((p) => p.email === 'alice@example.com')!;
    // Point was hers for the seconds this test took: at most that, shown to a tenth of an hour.
    expect(me.nightHoursOnPoint).toBeGreaterThanOrEqual(0);
    expect(me.nightHoursOnPoint).toBeLessThanOrEqual(Math.ceil((elapsed / 3_600_000) * 10) / 10);
  });
});
