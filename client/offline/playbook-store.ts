import type { z } from 'zod';
import { Playbook, PlaybookList } from '../../shared/api.js';
import { openOnpointDb, type StoredPlaybook } from './db.js';

/** Every playbook on the device, so a runbook opens with no signal, even one never read before. */

function searchTextOf(playbook: Playbook): string {
  const text = playbook.html.replace(/<[^>]*>/g, ' ');
  return [playbook.title, playbook.slug, ...playbook.alerts, playbook.impact ?? '', text].join(' ').toLowerCase();
}

export interface PlaybookSyncReport {
  downloaded: number;
  removed: number;
  unchanged: number;
}

/**
 * Brings the device's copy up to date with the server's list: only playbooks whose ETag changed are
 * downloaded, and ones the server no longer has are removed. Stops at the first failure, keeping what
 * it has: a half-synced library is still better than none.
 */
export async function syncPlaybooks(get: <T>(path: string, schema: z.ZodType<T>) => Promise<T>): Promise<PlaybookSyncReport> {
  const { playbooks: list } = await get('/api/playbooks', PlaybookList);
  const db = await openOnpointDb();
  const stored = new Map((await db.getAll('playbooks')).map((p) => [p.playbook.slug, p.etag]));
  const report: PlaybookSyncReport = { downloaded: 0, removed: 0, unchanged: 0 };
  for (const entry of list) {
    if (stored.get(entry.slug) === entry.etag) {
      report.unchanged++;
      continue;
    }
    const playbook = await get(`/api/playbooks/${encodeURIComponent(entry.slug)}`, Playbook);
    await db.put('playbooks', { playbook, etag: entry.etag, searchText: searchTextOf(playbook) } satisfies StoredPlaybook);
    report.downloaded++;
  }
  const current = new Set(list.map((p) => p.slug));
  for (const slug of stored.keys()) {
    if (!current.has(slug)) {
      await db.delete('playbooks', slug);
      report.removed++;
    }
  }
  return report;
}

/** Playbooks whose title, alerts or text hold every word of the query, by title. */
export async function findPlaybooks(query: string): Promise<Playbook[]> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const all = await (await openOnpointDb()).getAll('playbooks');
  return all
    .filter((p) => words.every((w) => p.searchText.includes(w)))
    .map((p) => p.playbook)
    .sort((a, b) => a.title.localeCompare(b.title));
}

export async function storedPlaybook(slug: string): Promise<Playbook | null> {
  return (await (await openOnpointDb()).get('playbooks', slug))?.playbook ?? null;
}
