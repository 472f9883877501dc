import { describe, expect, it } from 'vitest';
import { alertmanagerFixture, postAlertmanager } from '../../e2e/support/api-client.js';
import type { IncidentView, InsightsView } from '../../shared/api.js';
import { escalatingTeamEnv, registerDevices, TEAM_TOKEN } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';

const HOUR = 3600_000;

describe('an alert group that keeps coming back', () => {
  const stack = usePushStack();

  it('says "3rd time in 2 h" on the incident and in its page, and insights count the reopenings of its rule', async () => {
    const server = await stack.serveInProcess({ env: escalatingTeamEnv('1h') });
    const start = server.clock();
    const { alice, subs } = await registerDevices(server, stack.push);
    /** The group fires anew (a later startsAt: a new occurrence) or resolves. */
    const send = async (status: 'firing' | 'resolved') => {
      const payload = alertmanagerFixture(status === 'firing' ? 'firing-single-critical.json' : 'resolved-single.json');
      const alerts = (payload.alerts as Record<string, unknown>[]).map((a) => ({
        ...a,
        startsAt: new Date(server.clock().getTime() - 60_000).toISOString(),
      }));
      const response = await postAlertmanager(server.url, { ...payload, groupKey: 'flappy', alerts }, TEAM_TOKEN);
      return response.body.incidentId as string;
    };

    const first = await send('firing');
    await stack.push.waitForPush(subs.alice.id, 1);
    await send('resolved');
    server.advance(HOUR);
    const second = await send('firing');
    await send('resolved');
    server.advance(HOUR);
    const third = await send('firing');
    expect(new Set([first, second, third]).size).toBe(3);

    const view = (await alice.request('GET', `/api/incidents/${third}`)).body as IncidentView;
    expect(view.details.reopened).toEqual({ times: 3, firstAt: start.toISOString() });
    expect(((await alice.request('GET', `/api/incidents/${first}`)).body as IncidentView).details.reopened).toBeUndefined();

    const page = await stack.push.waitForPush(subs.alice.id, 3);
    expect(page.payload).toMatchObject({ kind: 'page', incidentId: third });
    expect((page.payload as { summary: string }).summary).toMatch(/^3rd time in 2 h · /);

    const day = (ms: number) => new Date(start.getTime() + ms).toISOString();
    const insights = (await alice.request('GET', `/api/insights?from=${day(-24 * HOUR)}&to=${day(24 * HOUR)}`))
      .body as InsightsView;
    expect(insights.rules).toEqual([
      expect.objectContaining({ rule: { alertname: 'CheckoutHighErrorRate', service: 'checkout' }, pages: 3, reopened: 2 }),
    ]);
  });
});
