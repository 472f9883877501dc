import { randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/timeline.js';
import { systemEvent, type Timeline } from '../incidents/timeline.js';
import type { PlaybookLibrary } from '../playbooks/library.js';
import type { IncidentRecord, NewEvent, Store } from '../store/store.js';
import type { GroupReport } from './alertmanager.js';
import { decideGroup } from './group-decision.js';

export type IngestOutcome = 'opened' | 'updated' | 'resolved' | 'duplicate';

interface IngestDeps {
  store: Store;
  timeline: Timeline;
  playbooks: PlaybookLibrary;
  /** Called once for each newly opened incident that should page. */
  onOpened: (incident: IncidentRecord) => void;
}

/** Turns what an alert source reports about a group into timeline changes, paging only what is new. */
export function createIngest({ store, timeline, playbooks, onOpened }: IngestDeps) {
  async function update(
    report: GroupReport,
    source: Actor,
    known: IncidentRecord,
  ): Promise<{ incidentId: string; outcome: IngestOutcome }> {
    const decision = decideGroup(report, known);
    if (decision.kind !== 'update') return { incidentId: known.id, outcome: 'duplicate' };
    const events: NewEvent[] = [];
    if (decision.firing.length > 0 || decision.resolved.length > 0) {
      events.push(
        systemEvent(known.id, { type: 'alerts_changed', firing: decision.firing, resolved: decision.resolved }, source),
      );
    }
    if (decision.resolveIncident) events.push(systemEvent(known.id, { type: 'resolve' }, source));
    await timeline.update(known.id, decision.details, events);
    return { incidentId: known.id, outcome: decision.resolveIncident ? 'resolved' : 'updated' };
  }

  return async function ingest(
    report: GroupReport,
    source: Actor,
  ): Promise<{ incidentId: string | null; outcome: IngestOutcome }> {
    const known = await store.findLatestIncident(report.dedupKey);
    const decision = decideGroup(report, known);
    if (decision.kind === 'duplicate') return { incidentId: decision.incidentId, outcome: 'duplicate' };
    if (decision.kind === 'update') return update(report, source, known!);

    const id = randomUUID();
    const now = new Date();
    const events: NewEvent[] = [
      systemEvent(
        id,
        {
          type: 'triggered',
          source: report.details.source,
          title: report.title,
          severity: report.severity,
          pagingClass: report.pagingClass,
          ...(report.pagingReason && { pagingReason: report.pagingReason }),
        },
        source,
        now,
      ),
    ];
    if (report.pagingClass === 'never') {
      events.push(systemEvent(id, { type: 'not_paged', reason: 'paging class "never": on the timeline only' }, undefined, now));
    }
    const opened = await timeline.open(
      {
        id,
        dedupKey: report.dedupKey,
        title: report.title,
        severity: report.severity,
        pagingClass: report.pagingClass,
        playbook: playbooks.slugFor(report.playbook, report.alertname),
        details: report.details,
        createdAt: now.toISOString(),
      },
      events,
    );
    // Lost a race with the same group arriving at the same moment: the other request opened it.
    if (!opened.created) return update(report, source, opened.incident);
    if (report.pagingClass !== 'never') onOpened(opened.incident);
    return { incidentId: id, outcome: 'opened' };
  };
}
export type Ingest = ReturnType<typeof createIngest>;
