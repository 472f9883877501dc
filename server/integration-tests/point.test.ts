import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer } from '../../e2e/support/onpoint-server.js';

/** Who may move point, over the API with the demo team (Carol is a lead). */
describe('point', () => {
  let server: RunningServer;
  let clients: Record<'alice' | 'bob' | 'carol', ApiClient>;

  beforeAll(async () => {
    server = await startServer();
    clients = {
      alice: await new ApiClient(server.url).login('alice@example.com'),
      bob: await new ApiClient(server.url).login('bob@example.com'),
      carol: await new ApiClient(server.url).login('carol@example.com'),
    };
  });
  afterAll(() => server?.stop());

  const act = (who: keyof typeof clients, id: string, body: Record<string, unknown>) =>
    clients[who].request('POST', `/api/incidents/${id}/actions`, {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      ...body,
    });

  it('moves only by the point person or a lead, and never to whoever already has it', async () => {
    const id = (await postAlertmanager(server.url, alertmanagerFixture('firing-single-critical.json'))).body.incidentId;
    expect((await act('alice', id, { type: 'ack' })).body.state.point).toBe('alice@example.com');

    const grab = await act('bob', id, { type: 'handoff', to: 'bob@example.com' });
    expect(grab.status).toBe(403);
    expect(grab.body.error.message).toBe('Only Alice, who has point, or a lead can hand point off');

    expect((await act('alice', id, { type: 'handoff', to: 'alice@example.com' })).body.error.message).toBe(
      'Alice already has point',
    );

    const handed = await act('alice', id, { type: 'handoff', to: 'bob@example.com' });
    expect(handed.body.state).toMatchObject({ point: 'bob@example.com', helpers: ['alice@example.com'] });

    const byLead = await act('carol', id, { type: 'handoff', to: 'alice@example.com' });
    expect(byLead.status).toBe(201);
    expect(byLead.body.state).toMatchObject({ point: 'alice@example.com', helpers: ['bob@example.com'] });

    expect((await act('carol', id, { type: 'join' })).body.state.helpers).toEqual(['bob@example.com', 'carol@example.com']);
  });

  it('with nobody on point, lets only a lead assign it; the first ack still takes it', async () => {
    const fired = await postAlertmanager(server.url, {
      ...alertmanagerFixture('firing-single-critical.json'),
      groupKey: 'nobody-on-point',
    });
    const id = fired.body.incidentId;

    const grab = await act('bob', id, { type: 'handoff', to: 'bob@example.com' });
    expect(grab.status).toBe(403);
    expect(grab.body.error.message).toBe('Nobody has point yet: acknowledge to take it, or ask a lead');
    const timeline = (await clients.alice.request('GET', `/api/incidents/${id}`)).body.timeline as { type: string }[];
    expect(timeline.filter((e) => e.type === 'handoff')).toEqual([]);

    const byLead = await act('carol', id, { type: 'handoff', to: 'bob@example.com' });
    expect(byLead.status).toBe(201);
    expect(byLead.body.state.point).toBe('bob@example.com');

    const other = await postAlertmanager(server.url, {
      ...alertmanagerFixture('firing-single-critical.json'),
      groupKey: 'first-ack-takes-point',
    });
    expect((await act('alice', other.body.incidentId, { type: 'ack' })).body.state.point).toBe('alice@example.com');
  });

  it('asks "was this page actionable?" of whoever had point, once it is resolved; a lead may answer too', async () => {
    const fired = await postAlertmanager(server.url, {
      ...alertmanagerFixture('firing-single-critical.json'),
      groupKey: 'review',
    });
    const id = fired.body.incidentId;
    await act('alice', id, { type: 'ack' });

    const early = await act('alice', id, { type: 'actionable', value: true });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('Say whether the page was actionable once the incident is resolved');

    await act('alice', id, { type: 'resolve', note: 'Rolled back' });
    const byOther = await act('bob', id, { type: 'actionable', value: false });
    expect(byOther.status).toBe(403);
    expect(byOther.body.error.message).toBe('Only Alice, who had point, or a lead can say whether the page was actionable');
    const timeline = (await clients.alice.request('GET', `/api/incidents/${id}`)).body.timeline as { type: string }[];
    expect(timeline.filter((e) => e.type === 'actionable')).toEqual([]);

    expect((await act('alice', id, { type: 'actionable', value: false })).body.state.actionable).toBe(false);
    // Changed later, by a lead who knows better.
    expect((await act('carol', id, { type: 'actionable', value: true })).body.state.actionable).toBe(true);
  });
});
