import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Playbook, PlaybookListEntry } from '../../shared/api.js';
import { openOnpointDb } from './db.js';
import { findPlaybooks, storedPlaybook, syncPlaybooks } from './playbook-store.js';

const playbook = (slug: string, title: string, body: string): Playbook => ({
  slug,
  title,
  alerts: [`${slug}-alert`],
  impact: null,
  dashboards: [],
  html: `<p>${body}</p><div class="code-block"><pre><code>kubectl rollout undo deploy/${slug}</code></pre></div>`,
});

/** The server's two playbook endpoints, counting what a device downloads. */
function fakeServer(books: { playbook: Playbook; etag: string }[]) {
  const downloads: string[] = [];
  const get = async <T>(path: string, schema: z.ZodType<T>): Promise<T> => {
    if (path === '/api/playbooks') {
      return schema.parse({
        playbooks: books.map(
          ({ playbook: { slug, title, alerts, impact }, etag }) =>
            ({ slug, title, alerts, impact, etag }) satisfies PlaybookListEntry,
        ),
      });
    }
    const slug = decodeURIComponent(path.split('/').pop()!);
    downloads.push(slug);
    const found = books.find((b) => b.playbook.slug === slug);
    if (!found) throw new Error(`404 ${slug}`);
    return schema.parse(found.playbook);
  };
  return { get, downloads };
}

beforeEach(async () => {
  await (await openOnpointDb()).clear('playbooks');
});

describe('playbooks on the device', () => {
  it('downloads every playbook once, then only the ones whose ETag changed, and drops deleted ones', async () => {
    const books = [
      { playbook: playbook('disk-full', 'Node disk full', 'Free space on the node'), etag: '"a1"' },
      { playbook: playbook('checkout-errors', 'Checkout error rate', 'Roll back the release'), etag: '"b1"' },
    ];
    const first = fakeServer(books);
    expect(await syncPlaybooks(first.get)).toEqual({ downloaded: 2, removed: 0, unchanged: 0 });

    const edited = [{ playbook: playbook('disk-full', 'Node disk full', 'Delete old logs first'), etag: '"a2"' }];
    const second = fakeServer(edited);
    expect(await syncPlaybooks(second.get)).toEqual({ downloaded: 1, removed: 1, unchanged: 0 });
    expect(second.downloads).toEqual(['disk-full']);
    expect((await storedPlaybook('disk-full'))?.html).toContain('Delete old logs first');
    expect(await storedPlaybook('checkout-errors')).toBeNull();

    const third = fakeServer(edited);
    expect(await syncPlaybooks(third.get)).toEqual({ downloaded: 0, removed: 0, unchanged: 1 });
    expect(third.downloads).toEqual([]);
  });

  it('searches titles, alert names and the text, every word, ignoring case and markup', async () => {
    await syncPlaybooks(
      fakeServer([
        { playbook: playbook('disk-full', 'Node disk full', 'Free space on the node'), etag: '"a"' },
        { playbook: playbook('checkout-errors', 'Checkout error rate', 'Roll back the release'), etag: '"b"' },
      ]).get,
    );
    const titles = async (q: string) => (await findPlaybooks(q)).map((p) => p.title);
    expect(await titles('')).toEqual(['Checkout error rate', 'Node disk full']);
    expect(await titles('DISK')).toEqual(['Node disk full']);
    expect(await titles('roll back')).toEqual(['Checkout error rate']);
    expect(await titles('checkout-errors-alert')).toEqual(['Checkout error rate']);
    expect(await titles('kubectl undo')).toHaveLength(2);
    expect(await titles('code-block')).toEqual([]);
  });
});
