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

/** Writes an incident's facts whole, replacing what was there. */
export async function saveFacts(tx: SqlClient, incident: FactsIncident, fold: FactsFold): Promise<void> {
  const facts = factsOf(incident, fold);
  const created = Date.parse(incident.createdAt);
  await tx.run(
    `INSERT INTO incident_facts (incident_id, created_at_ms, alertname, service, paged_at_ms, acked_at_ms, resolved_at_ms,
       actionable, resolved_without_action, point, resolution_note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (incident_id) DO UPDATE SET alertname = excluded.alertname, service = excluded.service,
       paged_at_ms = excluded.paged_at_ms, acked_at_ms = excluded.acked_at_ms, resolved_at_ms = excluded.resolved_at_ms,
       actionable = excluded.actionable, resolved_without_action = excluded.resolved_without_action,
       point = excluded.point, resolution_note = excluded.resolution_note`,
    [
      incident.id,
      created,
      facts.rule?.alertname ?? null,
      facts.rule?.service ?? null,
      ms(facts.pagedAt),
      ms(facts.acknowledgedAt),
      ms(facts.resolvedAt),
      facts.actionable === null ? null : facts.actionable ? 1 : 0,
      facts.resolvedWithoutAction ? 1 : 0,
      facts.pointSpans.at(-1)?.email ?? null,
      fold.resolutionNote,
    ],
  );
  await tx.run(
    'INSERT INTO incident_folds (incident_id, fold) VALUES (?, ?) ON CONFLICT (incident_id) DO UPDATE SET fold = excluded.fold',
    [incident.id, JSON.stringify(fold)],
  );
  await replaceRows(
    tx,
    incident.id,
    'incident_pages (incident_id, created_at_ms, email, rotation_id, at, at_ms)',
    facts.pages.map((p) => [created, p.email, p.rotationId, p.at, Date.parse(p.at)]),
  );
  await replaceRows(
    tx,
    incident.id,
    'incident_point_spans (incident_id, created_at_ms, email, rotation_id, from_ms, to_ms)',
    facts.pointSpans.map((s) => [created, s.email, s.rotationId, Date.parse(s.from), ms(s.to)]),
  );
}

/** An incident's rows of a child table, replaced by these (each without its incident_id, which comes first). */
async function replaceRows(tx: SqlClient, incidentId: string, table: string, rows: unknown[][]): Promise<void> {
  await tx.run(`DELETE FROM ${table.split(' ')[0]} WHERE incident_id = ?`, [incidentId]);
  for (const row of rows) {
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
  const before = row?.fold;
  for (const event of appended) foldFact(fold, event, incident.createdAt);
  if (row && !detailsChanged && JSON.stringify(fold) === before) return;
  await saveFacts(tx, incident, fold);
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
