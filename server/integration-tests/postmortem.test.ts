import { randomUUID } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import { useOneServer } from '../test-support/one-server.js';

const INJECTION = '\n# Heading\n<script>alert(1)</script><img src=x onerror=alert(1)>[link](javascript:alert(1))';

/** The draft as a wiki that renders raw HTML and bare links would show it. */
const wiki = new MarkdownIt({ html: true, linkify: true });
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('the postmortem draft', () => {
  const server = useOneServer();
  let alice: ApiClient;

  beforeAll(async () => {
    alice = await server.logIn('alice@example.com');
  });

  it('pastes alert titles, notes and resolutions inert: no script, image, link or heading from them, still readable', async () => {
    const payload = alertmanagerFixture('firing-single-critical.json') as {
      groupKey: string;
      commonAnnotations: Record<string, string>;
      alerts: { annotations: Record<string, string> }[];
    };
    payload.groupKey = 'postmortem-injection';
    payload.commonAnnotations.summary = `Checkout down${INJECTION}`;
    payload.alerts[0].annotations.summary = `Checkout down${INJECTION}`;
    const id = (await postAlertmanager(server.url, payload)).body.incidentId as string;
    const act = (body: Record<string, unknown>) =>
      alice.request('POST', `/api/incidents/${id}/actions`, { id: randomUUID(), occurredAt: new Date().toISOString(), ...body });
    await act({ type: 'ack' });
    await act({ type: 'note', text: `Looking${INJECTION}` });
    expect((await act({ type: 'resolve', note: `Rolled back${INJECTION}` })).status).toBe(201);

    const response = await fetch(`${server.url}/api/incidents/${id}/postmortem.md`, {
      headers: { Cookie: alice.sessionCookie },
    });
    expect(response.status).toBe(200);
    const markdown = await response.text();
    const html = wiki.render(markdown);

    expect(html).not.toMatch(/<script|<img/i);
    // The only links are addresses a linkifying wiki shows as themselves (an email in the timeline).
    const links = [...html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)];
    expect(html.match(/<a[\s>]/g) ?? []).toHaveLength(links.length);
    for (const [, href, text] of links) expect(href.replace(/^mailto:/, '')).toBe(text);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<h\d>Heading/);
    const tokens = wiki.parse(markdown, {});
    expect(tokens.filter((t) => t.type === 'html_block' || t.type === 'html_inline')).toEqual([]);

    const untrusted = '# Heading <script>alert(1)</script><img src=x onerror=alert(1)>[link](javascript:alert(1))';
    const shown = textOf(html);
    expect(shown).toContain(`Postmortem: Checkout down ${untrusted}`);
    expect(shown).toContain(`Resolution: Rolled back ${untrusted}`);
    expect(shown).toContain(`Alice: Looking ${untrusted}`);
  });
});
