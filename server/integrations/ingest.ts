import { randomUUID } from 'node:crypto';
import type { IngestResult } from '../../shared/api.js';
import type { Actor } from '../../shared/timeline.js';
import { systemEvent, type Timeline } from '../incidents/timeline.js';
import type { PlaybookLibrary } from '../playbooks/library.js';
import type { IncidentRecord, IncidentStore, NewEvent } from '../store/store.js';
import type { GroupReport } from './alertmanager.js';
import { decideGroup } from './group-decision.js';
import { initialState } from '../../shared/reducer.js';
import { FLAPPING_WINDOW_MS } from '../../shared/alert-group.js';
import { NOT_STARTED } from '../escalation/climb.js';
import type { Step } from '../escalation/escalator.js';
import type { PushHandOff } from '../paging/push-queue.js';

export type IngestOutcome = IngestResult['outcome'];

/**
 * What a source says about its group. A sender that does not say when its alert started (the generic
 * webhook) describes it `against` the group's newest incident, at the time onpoint received it.
 */
export type Reported = GroupReport | { dedupKey: string; against: (known: IncidentRecord | null, now: Date) => GroupReport };

interface IngestDeps {
  store: IncidentStore;
  timeline: Timeline;
  playbooks: PlaybookLibrary;
  now: () => Date;
  /** The opening step of a new incident's climb, committed with it. */
  firstStep: (incident: IncidentRecord) => Promise<Step>;
  /** Takes a new incident's first pushes to send at once, as it commits. */
  handOff: PushHandOff;
  /** Told after a raised class made an escalation timer due: the engine can take it at once. */
  onPagingDue: () => void;
}

/** Turns what an alert source reports about a group into timeline changes, paging only what is new. */
export function createIngest({ store, timeline, playbooks, now: clock, firstStep, handOff, onPagingDue }: IngestDeps) {
  async function update(
    report: GroupReport,
    source: Actor,
    known: IncidentRecord,
  ): Promise<{ incidentId: string; outcome: IngestOutcome }> {
    const decision = decideGroup(report, known);
    if (decision.kind !== 'update') return { incidentId: known.id, outcome: 'duplicate' };
    const at = clock();
    const events: NewEvent[] = [];
    if (decision.firing.length > 0 || decision.resolved.length > 0) {
      events.push(
        systemEvent(known.id, { type: 'alerts_changed', firing: decision.firing, resolved: decision.resolved }, at, source),
      );
    }
    const { raise, regroup } = decision;
    if (regroup) events.push(systemEvent(known.id, { type: 'group_changed', ...regroup }, at, source));
    if (raise) events.push(systemEvent(known.id, { type: 'reclassified', ...raise }, at));
    if (decision.resolveIncident) {
      events.push(
        systemEvent(known.id, { type: 'resolve', ...(report.resolveNote && { note: report.resolveNote }) }, at, source),
      );
    }
    // A class that rises on an incident nobody has taken starts its climb (over, if it was quiet), in this write.
    const startPaging =
      raise && !decision.resolveIncident && known.state.status === 'triggered' && raise.pagingClass !== 'never'
        ? { step: NOT_STARTED, dueAt: at.toISOString() }
        : null;
    await timeline.update(
      known.id,
      decision.details,
      events,
      raise && { severity: raise.severity, pagingClass: raise.pagingClass, startPaging },
    );
    if (startPaging) onPagingDue();
    return { incidentId: known.id, outcome: decision.resolveIncident ? 'resolved' : 'updated' };
  }

  return async function ingest(reported: Reported, source: Actor): Promise<IngestResult> {
    const read = (known: IncidentRecord | null) => ('against' in reported ? reported.against(known, clock()) : reported);
    const known = await store.findLatestIncident(reported.dedupKey);
    const report = read(known);
    const decision = decideGroup(report, known);
    if (decision.kind === 'duplicate') return { incidentId: decision.incidentId, outcome: 'duplicate' };
    if (decision.kind === 'update') return update(report, source, known!);

    const id = randomUUID();
    const now = clock();
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
        now,
        source,
      ),
    ];
    if (report.pagingClass === 'never') {
      events.push(systemEvent(id, { type: 'not_paged', reason: 'paging class "never": on the timeline only' }, now));
    }
    // A group that keeps coming back says so: on the incident, and in its page.
    const earlier = await store.countOpenedSince(report.dedupKey, new Date(now.getTime() - FLAPPING_WINDOW_MS).toISOString());
    const details =
      earlier.count > 0 && earlier.firstAt
        ? { ...report.details, reopened: { times: earlier.count + 1, firstAt: earlier.firstAt } }
        : report.details;
    const incident = {
      id,
      dedupKey: report.dedupKey,
      title: report.title,
      severity: report.severity,
      pagingClass: report.pagingClass,
      playbook: playbooks.slugFor(report.playbook, report.alertname),
      details,
      createdAt: now.toISOString(),
    };
    // Durable before the 2xx, in one transaction: the incident, its first page (escalated line, a push per
    // device) and the timer of the next step. A crash after the commit loses nothing; one before it, no 2xx.
    const step = await firstStep({ ...incident, state: initialState });
    const pushes = handOff.lease(step.pushes);
    const opened = await timeline.open(incident, [...events, ...step.events], step.next, pushes);
    // Lost a race with the same group arriving at the same moment: the other request opened it.
    if (!opened.created) return update(read(opened.incident), source, opened.incident);
    handOff.adopt(pushes);
    return { incidentId: id, outcome: 'opened' };
  };
}
export type Ingest = ReturnType<typeof createIngest>;
