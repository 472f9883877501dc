import type { IncidentDetails } from '../../shared/api.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import { type EventRow, toEvent } from '../store/event-rows.js';
import type { SqlClient } from '../store/sql-client.js';
import { emptyFold, factsOf, foldFact, type FactsFold } from './incident-facts.js';

/**
 * The insights' own tables: one row of facts per incident, its pages and its spans of point, and where the
 * fold over its timeline has got to; written in the transaction that appends the events they come from.
 * Times are also kept as epoch milliseconds, so SQL can subtract, compare and bucket them the same way on
 * SQLite and PostgreSQL.
 */

interface FactsIncident {
  id: string;
  title: string;
  createdAt: string;
  details: IncidentDetails;
}

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** The incident_facts row's values after its incident_id, in column order. */
function factsRow(incident: FactsIncident, fold: FactsFold): unknown[] {
  const facts = factsOf(incident, fold);
  return [
    Date.parse(incident.createdAt),
    facts.rule?.alertname ?? null,
    facts.rule?.service ?? null,
    ms(facts.pagedAt),
    ms(facts.acknowledgedAt),
    ms(facts.resolvedAt),
    facts.actionable === null ? null : facts.actionable ? 1 : 0,
    facts.resolvedWithoutAction ? 1 : 0,
    facts.pointSpans.at(-1)?.email ?? null,
    fold.resolutionNote,
  ];
}

const pageRows = (created: number, fold: FactsFold) =>
  fold.pages.map((p) => [created, p.email, p.rotationId, p.at, Date.parse(p.at)]);
const spanRows = (created: number, fold: FactsFold) =>
  fold.pointSpans.map((s) => [created, s.email, s.rotationId, Date.parse(s.from), ms(s.to)]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes what changed of an incident's facts since `before` (everything, if null): each event changes
 * little, and every row written is WAL pages committed with the event.
 */
export async function saveFacts(
  tx: SqlClient,
  incident: FactsIncident,
  fold: FactsFold,
  before: FactsFold | null,
): Promise<void> {
  const row = factsRow(incident, fold);
  if (!before || !same(row, factsRow(incident, before))) {
    await tx.run(
      `INSERT INTO incident_facts (incident_id, created_at_ms, alertname, service, paged_at_ms, acked_at_ms, resolved_at_ms,
         actionable, resolved_without_action, point, resolution_note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (incident_id) DO UPDATE SET alertname = excluded.alertname, service = excluded.service,
         paged_at_ms = excluded.paged_at_ms, acked_at_ms = excluded.acked_at_ms, resolved_at_ms = excluded.resolved_at_ms,
         actionable = excluded.actionable, resolved_without_action = excluded.resolved_without_action,
         point = excluded.point, resolution_note = excluded.resolution_note`,
      [incident.id, ...row],
    );
  }
  await tx.run(
    'INSERT INTO incident_folds (incident_id, fold) VALUES (?, ?) ON CONFLICT (incident_id) DO UPDATE SET fold = excluded.fold',
    [incident.id, JSON.stringify(fold)],
  );
  const created = Date.parse(incident.createdAt);
  const table = {
    pages: 'incident_pages (incident_id, created_at_ms, email, rotation_id, at, at_ms)',
    spans: 'incident_point_spans (incident_id, created_at_ms, email, rotation_id, from_ms, to_ms)',
  };
  await updateRows(tx, incident.id, table.pages, before && pageRows(created, before), pageRows(created, fold));
  await updateRows(tx, incident.id, table.spans, before && spanRows(created, before), spanRows(created, fold));
}

/**
 * An incident's rows of a child table (each without its incident_id, which comes first), brought from
 * `before` to `after`: nothing when equal, the new ones when only added to (a page), else all replaced.
 */
async function updateRows(tx: SqlClient, incidentId: string, table: string, before: unknown[][] | null, after: unknown[][]) {
  if (before && same(before, after)) return;
  const appended = before !== null && before.length < after.length && same(before, after.slice(0, before.length));
  if (!appended) await tx.run(`DELETE FROM ${table.split(' ')[0]} WHERE incident_id = ?`, [incidentId]);
  for (const row of after.slice(appended ? before.length : 0)) {
    await tx.run(`INSERT INTO ${table} VALUES (${['?', ...row.map(() => '?')].join(', ')})`, [incidentId, ...row]);
  }
}

/**
 * Brings an incident's facts up to date with events just appended to it, in the caller's transaction.
 * `detailsChanged`: its alerts were replaced, and with them perhaps its rule, so the row is written even if
 * no event changed a fact.
 */
export async function foldIntoFacts(
  tx: SqlClient,
  incident: FactsIncident,
  appended: readonly TimelineEvent[],
  detailsChanged: boolean,
): Promise<void> {
  const row = await tx.get<{ fold: string }>('SELECT fold FROM incident_folds WHERE incident_id = ?', [incident.id]);
  const fold = row ? (JSON.parse(row.fold) as FactsFold) : emptyFold();
  for (const event of appended) foldFact(fold, event, incident.createdAt);
  if (row && !detailsChanged && JSON.stringify(fold) === row.fold) return;
  // Changed details may change the rule: the facts row is written whole then.
  await saveFacts(tx, incident, fold, row && !detailsChanged ? (JSON.parse(row.fold) as FactsFold) : null);
}

/** Folds every stored timeline into facts: the migration that adds the facts tables fills them with this. */
export async function backfillFacts(tx: SqlClient): Promise<void> {
  const incidents = await tx.all<{ id: string; title: string; created_at: string; details: string }>(
    'SELECT id, title, created_at, details FROM incidents ORDER BY created_at',
  );
  for (const row of incidents) {
    const timeline = (await tx.all<EventRow>('SELECT * FROM events WHERE incident_id = ? ORDER BY seq', [row.id])).map(toEvent);
    const incident = {
      id: row.id,
      title: row.title,
      createdAt: row.created_at,
      details: JSON.parse(row.details) as IncidentDetails,
    };
    await foldIntoFacts(tx, incident, timeline, true);
  }
}
