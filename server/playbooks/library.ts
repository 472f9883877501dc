import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import type { Playbook, PlaybookListEntry } from '../../shared/api.js';
import { describeIssues, plainWords } from '../http/plain-issues.js';
import { renderMarkdown } from './render.js';

const FrontMatter = z.strictObject({
  title: z.string().min(1),
  /** Alert names this playbook is for, when an alert does not name a playbook itself. */
  alerts: z.array(z.string()).default([]),
  impact: z.string().optional(),
  dashboards: z.array(z.strictObject({ title: z.string(), url: z.url() })).default([]),
});

export interface PlaybookEntry {
  playbook: Playbook;
  etag: string;
}

export interface PlaybookLibrary {
  list(): PlaybookListEntry[];
  get(slug: string): PlaybookEntry | null;
  /** The playbook an alert names, else one that lists the alert, else none. */
  slugFor(named: string | null, alertname: string | null): string | null;
}

export class PlaybookError extends Error {}

export function loadPlaybooks(dir: string): PlaybookLibrary {
  const entries = new Map<string, PlaybookEntry>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort();
  for (const file of files) {
    const slug = basename(file, '.md');
    const source = readFileSync(join(dir, file), 'utf8');
    const { data, content } = matter(source);
    const front = FrontMatter.safeParse(data, { error: plainWords });
    if (!front.success) {
      throw new PlaybookError(`${join(dir, file)}: front matter is not valid: ${describeIssues(front.error.issues).join('; ')}`);
    }
    const playbook: Playbook = {
      slug,
      title: front.data.title,
      alerts: front.data.alerts,
      impact: front.data.impact ?? null,
      dashboards: front.data.dashboards,
      html: renderMarkdown(content),
    };
    entries.set(slug, { playbook, etag: `"${createHash('sha256').update(source).digest('base64url').slice(0, 27)}"` });
  }

  return {
    list: () =>
      [...entries.values()].map(({ playbook: { slug, title, alerts, impact }, etag }) => ({ slug, title, alerts, impact, etag })),
    get: (slug) => entries.get(slug) ?? null,
    slugFor(named, alertname) {
      if (named && entries.has(named)) return named;
      if (alertname) {
        for (const { playbook } of entries.values()) if (playbook.alerts.includes(alertname)) return playbook.slug;
      }
      return null;
    },
  };
}
