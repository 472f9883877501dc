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
});
