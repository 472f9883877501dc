import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import { startStack, type Stack } from '../../e2e/support/stack.js';
import {
  ActionResult,
  BeatResult,
  CalendarLinks,
  Declared,
  Device,
  DeviceList,
  HandoffList,
  HeartbeatList,
  IncidentHistory,
  IncidentList,
  IncidentView,
  IngestResult,
  InsightsView,
  Me,
  NoContent,
  Nudge,
  OnCall,
  OverrideList,
  OverrideView,
  Playbook,
  PlaybookList,
  PushKey,
  SessionView,
  Team,
  TestPageResults,
  WhoAmI,
} from '../../shared/api.js';

/**
 * The app reads every answer with its schema from shared/api.ts and fails on a mismatch: each JSON route
 * of a real server, asked as a logged-in person would, answers what its schema describes.
 */
describe('every JSON answer matches its schema', () => {
  let stack: Stack;
  let alice: ApiClient;

  beforeAll(async () => {
    stack = await startStack();
    alice = await new ApiClient(stack.server.url).login('alice@example.com');
  });
  afterAll(() => stack?.stop());

  /** Asks, and returns the answer as its schema reads it; a mismatch fails with the fields that differ. */
  async function ask<T>(schema: z.ZodType<T>, method: string, path: string, body?: unknown): Promise<T> {
    const response = await alice.request(method, path, body);
    expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    const parsed = schema.safeParse(response.body);
    expect(parsed.error?.issues ?? [], `${method} ${path}`).toEqual([]);
    return parsed.data!;
  }
  const act = (id: string, action: Record<string, unknown>) =>
    ask(ActionResult, 'POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      ...action,
    });

  it('for the person, the team and the schedule', async () => {
    expect(await ask(Me, 'POST', '/api/login', { email: 'alice@example.com', password: 'onpoint-demo' })).toMatchObject({
      email: 'alice@example.com',
    });
    expect(await ask(WhoAmI, 'GET', '/api/me')).toMatchObject({ person: { email: 'alice@example.com' } });
    await ask(Team, 'GET', '/api/team');
    await ask(SessionView, 'GET', '/api/session');
    await ask(CalendarLinks, 'GET', '/api/calendars');
    await ask(CalendarLinks, 'POST', '/api/calendars/reset', {});
    const { rotations } = await ask(OnCall, 'GET', '/api/oncall');
    expect(rotations.length).toBeGreaterThan(0);
    const start = new Date(Date.now() + 3600_000);
    const override = await ask(OverrideView, 'POST', '/api/overrides', {
      rotationId: rotations[0].rotationId,
      person: 'alice@example.com',
      start: start.toISOString(),
      end: new Date(start.getTime() + 3600_000).toISOString(),
    });
    expect((await ask(OverrideList, 'GET', '/api/overrides')).overrides).toHaveLength(1);
    await ask(NoContent, 'DELETE', `/api/overrides/${override.id}`);
    await ask(HandoffList, 'GET', '/api/handoffs');
    await ask(Nudge, 'GET', '/api/me/nudge');
  });

  it('for devices and push', async () => {
    const subscription = stack.push.subscribe();
    const device = await ask(Device, 'POST', '/api/devices', { name: 'Pixel 8', subscription });
    expect((await ask(DeviceList, 'GET', '/api/devices')).devices).toHaveLength(1);
    await ask(PushKey, 'GET', '/api/push/key');
    expect((await ask(TestPageResults, 'POST', '/api/push/test', {})).results).toMatchObject([{ ok: true }]);
    await ask(NoContent, 'DELETE', `/api/devices/${device.id}`);
  });

  it('for incidents, from the alert to the review, and what Insights makes of them', async () => {
    const fired = await postAlertmanager(stack.server.url, alertmanagerFixture('firing-single-critical.json'));
    const { incidentId } = IngestResult.parse(fired.body);
    if (!incidentId) throw new Error('the alert opened no incident');
    await act(incidentId, { type: 'ack' });
    await act(incidentId, { type: 'note', text: 'Rolled back' });
    await act(incidentId, { type: 'resolve', note: 'Rolled back the deploy' });
    await act(incidentId, { type: 'actionable', value: true });
    const declared = await ask(Declared, 'POST', '/api/incidents', {
      id: randomUUID(),
      title: 'Checkout is slow',
      severity: 'warning',
    });
    expect(declared.created).toBe(true);

    expect((await ask(IncidentList, 'GET', '/api/incidents')).incidents).toHaveLength(2);
    const view = await ask(IncidentView, 'GET', `/api/incidents/${incidentId}`);
    expect(view.timeline.length).toBeGreaterThan(3);
    await ask(IncidentHistory, 'GET', `/api/incidents/${incidentId}/history`);
    const insights = await ask(InsightsView, 'GET', '/api/insights');
    expect(insights.rules.length).toBeGreaterThan(0);
  });

  it('for heartbeats', async () => {
    const beat = await fetch(`${stack.server.url}/api/integrations/heartbeat/nightly-backup`, {
      method: 'POST',
      headers: { Authorization: 'Bearer demo-heartbeat-token' },
    });
    expect(BeatResult.safeParse(await beat.json()).error?.issues ?? []).toEqual([]);
    expect((await ask(HeartbeatList, 'GET', '/api/heartbeats')).heartbeats).toHaveLength(1);
  });

  it('for playbooks', async () => {
    const { playbooks } = await ask(PlaybookList, 'GET', '/api/playbooks');
    expect(playbooks.length).toBeGreaterThan(0);
    await ask(Playbook, 'GET', `/api/playbooks/${playbooks[0].slug}`);
  });

  it('for logging out', async () => {
    await ask(NoContent, 'POST', '/api/sessions/end-all', {});
    await ask(NoContent, 'POST', '/api/logout', {});
  });
});
