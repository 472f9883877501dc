import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  DEMO_GENERIC_TOKEN,
  DEMO_GRAFANA_TOKEN,
  grafanaFixture,
  postIntegration,
} from '../../e2e/support/api-client.js';
import type { IncidentSummary } from '../../shared/api.js';
import { serveTeamWithSenders, TEAM_TOKEN } from '../test-support/escalating-team.js';
import { usePushStack } from '../test-support/push-stack.js';

const CI_TOKEN = 'test-token-ci-deploys';
const CRON_TOKEN = 'test-token-backup-cron';

/** What a CI job posts when a deploy fails. */
const deployFailed = (dedupKey: string, more: Record<string, unknown> = {}) => ({
  dedupKey,
  status: 'firing',
  title: 'Deploy of checkout failed',
  severity: 'critical',
  summary: 'The production deploy of checkout@4f2c1a failed at "migrate"',
  links: [{ title: 'Build log', url: 'https://ci.example.com/runs/812' }],
  details: { service: 'checkout', commit: '4f2c1a' },
  ...more,
});

describe('the generic webhook', () => {
  const stack = usePushStack();
  let team: Awaited<ReturnType<typeof serveTeamWithSenders>>;

  const post = (body: unknown, token = CI_TOKEN) => postIntegration(team.server.url, 'generic', body, token);
  const view = (id: string) => team.view(id);
  const incidents = async () =>
    ((await team.alice.request('GET', '/api/incidents')).body as { incidents: IncidentSummary[] }).incidents;
  /** Which incidents exist: their timelines move on (pages are sent after the answer), their number must not. */
  const incidentIds = async () => (await incidents()).map((i) => i.id);
  const pagesOf = (id: string) => team.pagesOf(id);
  const escalations = async (id: string) => (await view(id)).timeline.filter((e) => e.type === 'escalated');

  beforeAll(async () => {
    team = await serveTeamWithSenders(stack, [
      { id: 'ci-deploys', type: 'generic', token: CI_TOKEN },
      { id: 'backup-cron', type: 'generic', token: CRON_TOKEN },
    ]);
  });

  it('opens an incident that pages, with what the sender said', async () => {
    const response = await post(deployFailed('deploy-checkout'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ incidentId: expect.any(String), outcome: 'opened' });
    const id = response.body.incidentId as string;
    await expect.poll(() => pagesOf(id).map((p) => p.kind)).toEqual(['page']);

    const incident = await view(id);
    expect(incident).toMatchObject({ title: 'Deploy of checkout failed', severity: 'critical', pagingClass: 'always' });
    expect(incident.details).toMatchObject({
      source: 'generic',
      summary: 'The production deploy of checkout@4f2c1a failed at "migrate"',
      links: [{ title: 'Build log', url: 'https://ci.example.com/runs/812' }],
    });
    expect(incident.details.alerts[0].labels).toMatchObject({ service: 'checkout', commit: '4f2c1a', severity: 'critical' });
    expect(incident.timeline[0]).toMatchObject({ type: 'triggered', actor: { kind: 'system', name: 'ci-deploys' } });
  });

  it('takes a repeat of a firing alert as the same incident, paging nobody again', async () => {
    const first = await post(deployFailed('deploy-repeat'));
    const again = await post(deployFailed('deploy-repeat', { summary: 'The retry failed too' }));
    expect(again.body).toEqual({ incidentId: first.body.incidentId, outcome: 'duplicate' });
    expect(await escalations(first.body.incidentId)).toHaveLength(1);
    expect((await incidents()).filter((i) => i.id === first.body.incidentId)).toHaveLength(1);
  });

  it('makes one incident of two deliveries of the same alert at once', async () => {
    const answers = await Promise.all([post(deployFailed('deploy-twice')), post(deployFailed('deploy-twice'))]);
    expect(answers.map((a) => a.body.outcome).sort()).toEqual(['duplicate', 'opened']);
    expect(answers[1].body.incidentId).toBe(answers[0].body.incidentId);
    expect(await escalations(answers[0].body.incidentId)).toHaveLength(1);
  });

  it('resolves on "resolved", keeping what the firing said; firing after that opens a new incident', async () => {
    const opened = await post(deployFailed('deploy-resolve'));
    const id = opened.body.incidentId as string;
    const resolved = await post({ dedupKey: 'deploy-resolve', status: 'resolved', title: 'Deploy of checkout succeeded' });
    expect(resolved.body).toEqual({ incidentId: id, outcome: 'resolved' });
    const incident = await view(id);
    expect(incident.state.status).toBe('resolved');
    expect(incident.details.summary).toBe('The production deploy of checkout@4f2c1a failed at "migrate"');
    expect(incident.details.alerts[0].status).toBe('resolved');

    expect((await post({ dedupKey: 'deploy-resolve', status: 'resolved', title: 'Still fine' })).body).toEqual({
      incidentId: id,
      outcome: 'duplicate',
    });
    const reopened = await post(deployFailed('deploy-resolve'));
    expect(reopened.body).toMatchObject({ outcome: 'opened' });
    expect(reopened.body.incidentId).not.toBe(id);
  });

  it('maps severities like any alert: unknown pages and says why, info stays on the timeline', async () => {
    const unknown = await post(deployFailed('sev-unknown', { severity: 'banana' }));
    const triggered = (await view(unknown.body.incidentId)).timeline.find((e) => e.type === 'triggered');
    expect(triggered).toMatchObject({
      pagingClass: 'always',
      pagingReason: expect.stringContaining('unknown severity "banana"'),
    });

    const info = await post(deployFailed('sev-info', { severity: 'info' }));
    expect((await view(info.body.incidentId)).timeline.map((e) => e.type)).toEqual(['triggered', 'not_paged']);
  });

  it('keeps two integrations apart when they send the same dedupKey', async () => {
    const fromCi = await post(deployFailed('nightly'));
    const fromCron = await post(deployFailed('nightly'), CRON_TOKEN);
    expect(fromCi.body.outcome).toBe('opened');
    expect(fromCron.body.outcome).toBe('opened');
    expect(fromCron.body.incidentId).not.toBe(fromCi.body.incidentId);
    expect((await view(fromCron.body.incidentId)).timeline[0]).toMatchObject({ actor: { name: 'backup-cron' } });
  });

  it.each([
    ['dedupKey', { dedupKey: undefined }],
    ['dedupKey', { dedupKey: 'k'.repeat(256) }],
    ['status', { status: 'open' }],
    ['title', { title: '' }],
    ['title', { title: 't'.repeat(201) }],
    ['severity', { severity: 42 }],
    ['summary', { summary: 's'.repeat(1_001) }],
    ['description', { description: 'd'.repeat(10_001) }],
    ['links[0].url', { links: [{ title: 'Log', url: 'javascript:alert(1)' }] }],
    ['links[0].title', { links: [{ url: 'https://ci.example.com' }] }],
    ['links', { links: Array.from({ length: 11 }, (_, i) => ({ title: `L${i}`, url: 'https://ci.example.com' })) }],
    ['details.commit', { details: { commit: 7 } }],
    ['details', { details: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v'])) }],
    ['summmary', { summmary: 'a typo' }],
  ])('refuses a body with a bad %s, naming it, and writes nothing', async (field, change) => {
    const before = await incidentIds();
    const response = await post(deployFailed(`bad-${field}`, change));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_body');
    expect(response.body.error.message).toContain(field);
    expect(await incidentIds()).toEqual(before);
  });

  it.each([
    [{ title: undefined }, 'title is missing'],
    [{ title: 42 }, 'title must be text'],
    [{ title: '' }, 'title must not be empty'],
    [{ title: 't'.repeat(201) }, 'title must be at most 200 characters'],
    [{ status: 'open' }, 'status must be "firing" or "resolved"'],
    [{ links: [{ title: 'Log', url: 'ftp://ci.example.com' }] }, 'links[0].url must be an http or https URL'],
    [{ summmary: 'a typo' }, 'summmary is not a known field'],
  ])('says what is wrong with %j in plain words', async (change, problem) => {
    const response = await post(deployFailed('plain-words', change));
    expect(response.body.error.message).toBe(`The generic alert is not valid: ${problem}`);
  });

  it('says so in plain words when the body is not JSON or too large', async () => {
    const notJson = await fetch(`${team.server.url}/api/integrations/generic`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${CI_TOKEN}`, 'Content-Type': 'application/json' },
      body: '{"title": "Deploy failed",',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toBe('The body is not valid JSON');
    const tooLarge = await post(deployFailed('too-large', { description: 'd'.repeat(2 * 1024 * 1024) }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toBe('The body is too large: at most 1 MB');
  });

  it('refuses a missing or wrong token, and the token of another integration type', async () => {
    const body = deployFailed('token-check');
    const before = await incidentIds();
    expect((await postIntegration(team.server.url, 'generic', body, 'not-the-token')).status).toBe(401);
    expect((await new ApiClient(team.server.url).request('POST', '/api/integrations/generic', body)).status).toBe(401);
    const alertmanagerToken = await postIntegration(team.server.url, 'generic', body, TEAM_TOKEN);
    expect(alertmanagerToken.status).toBe(401);
    expect(alertmanagerToken.body.error.message).toContain('generic webhook');
    expect((await postIntegration(team.server.url, 'alertmanager', {}, CI_TOKEN)).status).toBe(401);
    expect(await incidentIds()).toEqual(before);
  });

  it('works in the demo, and Grafana too, with the tokens its start banner prints', async () => {
    const demo = await stack.serve();
    for (const [type, token, body] of [
      ['generic', DEMO_GENERIC_TOKEN, deployFailed('demo')],
      ['grafana', DEMO_GRAFANA_TOKEN, grafanaFixture('firing.json')],
    ] as const) {
      expect(demo.output()).toContain(`/api/integrations/${type}\n  ##    with the header  Authorization: Bearer ${token}`);
      expect((await postIntegration(demo.url, type, body, token)).body).toMatchObject({ outcome: 'opened' });
    }
  });
});
