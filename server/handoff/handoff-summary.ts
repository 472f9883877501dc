import type { HandoffSummary } from '../../shared/api.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import type { IncidentFacts } from '../insights/incident-facts.js';
import { isNight } from '../insights/insights.js';

export interface HandoffInput {
  rotation: { id: string; name: string };
  /** The shift that just ended. */
  shift: { start: Date; end: Date };
  outgoing: { email: string; timeZone: string };
  incoming: string;
  /** Incidents touched around the shift, with their timelines. */
  incidents: { facts: IncidentFacts; open: boolean; point: string | null; timeline: readonly TimelineEvent[] }[];
}

const within = (iso: string, { start, end }: { start: Date; end: Date }) => {
  const t = Date.parse(iso);
  return t >= start.getTime() && t < end.getTime();
};

/** Pure: the handoff summary from the incidents of the shift that ended. */
export function buildHandoffSummary({ rotation, shift, outgoing, incoming, incidents }: HandoffInput): HandoffSummary {
  const pagedInShift = incidents.filter((i) => i.facts.pagedAt && within(i.facts.pagedAt, shift));
  const counts = new Map<string, number>();
  for (const { facts } of pagedInShift) {
    const what = facts.rule ? facts.rule.alertname : facts.title;
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  const stillOpen = incidents.filter((i) => i.open);
  return {
    rotationId: rotation.id,
    rotationName: rotation.name,
    handoffAt: shift.end.toISOString(),
    outgoing: outgoing.email,
    incoming,
    open: stillOpen.map((i) => ({ id: i.facts.id, title: i.facts.title, point: i.point })),
    paged: [...counts]
      .map(([what, count]) => ({ what, count }))
      .sort((a, b) => b.count - a.count || a.what.localeCompare(b.what)),
    pages: pagedInShift.length,
    outgoingNightPages: incidents
      .flatMap((i) => i.facts.pages)
      .filter((p) => p.email === outgoing.email && within(p.at, shift) && isNight(new Date(p.at), outgoing.timeZone)).length,
    notes: stillOpen.flatMap((i) =>
      i.timeline
        .filter((e) => e.type === 'note' && within(e.occurredAt, shift))
        .map((e) => ({
          incidentId: i.facts.id,
          incidentTitle: i.facts.title,
          author: e.actor.kind === 'person' ? e.actor.email : e.actor.name,
          text: e.type === 'note' ? e.text : '',
          at: e.occurredAt,
        })),
    ),
  };
}

/** The push a primary gets at handoff: one line, the rest in the app. */
export function handoffLine(summary: HandoffSummary, nameOf: (email: string) => string): string {
  const parts = [
    `${nameOf(summary.incoming)} takes over from ${nameOf(summary.outgoing)}.`,
    summary.open.length ? `${summary.open.length} open.` : 'Nothing open.',
    summary.pages
      ? `${summary.pages} page${summary.pages === 1 ? '' : 's'} last shift (${summary.paged.map((p) => `${p.what} ×${p.count}`).join(', ')}).`
      : 'No pages last shift.',
  ];
  if (summary.notes.length) parts.push(`${summary.notes.length} note${summary.notes.length === 1 ? '' : 's'} for you.`);
  return parts.join(' ');
}
