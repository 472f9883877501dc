import type { AlertRule, IncidentDetails } from '../../shared/api.js';
import type { IncidentState } from '../../shared/reducer.js';
import { FLAPPING_WINDOW_MS } from '../../shared/alert-group.js';
import type { SqlClient } from '../store/sql-client.js';
import { factsOf, type FactsFold, type IncidentFacts } from './incident-facts.js';
import type { OffsetSpan } from './zone-offsets.js';

/**
 * The insights' figures as SQL aggregates over the facts tables (facts-sql.ts): a few queries, the same on
 * SQLite and PostgreSQL. Local time is integer arithmetic: an instant plus its zone's offset (zone-offsets.ts,
 * joined in as a table of a few rows) is local milliseconds; divided by a day, the local day; the remainder,
 * the time of day.
 */

/** Incidents opened in [from, to), epoch milliseconds. */
export interface Window {
  from: number;
  to: number;
}

export interface RuleFigures {
  rule: AlertRule;
  pages: number;
  actionable: number;
  notActionable: number;
  unanswered: number;
  resolvedWithoutAction: number;
  medianAckMs: number | null;
  medianResolveMs: number | null;
  /** Pages that went out in working hours. */
  within: number;
  /** Pages whose alert group had opened an incident in the day before: it flaps. */
  reopened: number;
}

/** One person's pages and point through one rotation (null: none). `firstMs`: when the first such incident opened. */
export interface LoadFigures {
  email: string;
  rotationId: string | null;
  pages: number;
  nightPages: number;
  nightMs: number;
  firstMs: number;
}

export interface PastFacts {
  id: string;
  createdAt: string;
  point: string | null;
  resolvedAtMs: number | null;
  resolutionNote: string | null;
  actionable: boolean | null;
}

type Num = number | string | null;
const num = (v: Num) => (v === null ? null : Number(v));
const BIGINT = 'CAST(? AS BIGINT)';
const IN_WINDOW = 'f.created_at_ms >= CAST(? AS BIGINT) AND f.created_at_ms < CAST(? AS BIGINT)';
const PAGED_RULE = `${IN_WINDOW} AND f.paged_at_ms IS NOT NULL AND f.alertname IS NOT NULL`;
const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const DAY = 86_400_000;
const NIGHT_ENDS = 7 * 3_600_000;
const NIGHT_STARTS = 22 * 3_600_000;
const NIGHT_LENGTH = DAY - NIGHT_STARTS + NIGHT_ENDS;

/** `WITH name (s, e, o) AS (VALUES …)`: a zone's offsets as a table. */
function offsetsTable(name: string, spans: OffsetSpan[]): { sql: string; params: number[] } {
  return {
    sql: `${name} (s, e, o) AS (VALUES ${spans.map(() => `(${BIGINT}, ${BIGINT}, ${BIGINT})`).join(', ')})`,
    params: spans.flatMap((z) => [z.start, z.end, z.offset]),
  };
}

/** Local milliseconds (after 1970) → milliseconds of night (22:00–07:00) from 1970 up to then, local time. */
const nightBefore = (local: string) => {
  const time = `(${local}) % ${DAY}`;
  return `((${local}) / ${DAY} * ${NIGHT_LENGTH}
    + CASE WHEN ${time} < ${NIGHT_ENDS} THEN ${time} ELSE ${NIGHT_ENDS} END
    + CASE WHEN ${time} > ${NIGHT_STARTS} THEN ${time} - ${NIGHT_STARTS} ELSE 0 END)`;
};
const isNightSql = (local: string) => `((${local}) % ${DAY} >= ${NIGHT_STARTS} OR (${local}) % ${DAY} < ${NIGHT_ENDS})`;

/** Working hours as SQL asks them: ISO weekdays, and minutes of the local day [start, end). */
export interface HoursQuery {
  offsets: OffsetSpan[];
  days: number[];
  startMinute: number;
  endMinute: number;
}

const ruleKey = (alertname: string, service: string | null) => `${alertname}\u0000${service ?? ''}`;

export function insightsQueries(sql: SqlClient) {
  /** Per rule, the incidents paged in working hours: on a working weekday, from start to end, local time. */
  const withinHours = ({ from, to }: Window, hours: HoursQuery) => {
    const local = offsetsTable('local', hours.offsets);
    const at = 'f.paged_at_ms + l.o';
    return sql.all<{ alertname: string; service: string | null; n: Num }>(
      `WITH ${local.sql}
       SELECT f.alertname, f.service, COUNT(*) AS n
       FROM incident_facts f JOIN local l ON f.paged_at_ms >= l.s AND f.paged_at_ms < l.e
       WHERE ${PAGED_RULE} AND ((${at}) / ${DAY} + 3) % 7 + 1 IN (${list(hours.days.length)})
         AND (${at}) % ${DAY} >= ${BIGINT} AND (${at}) % ${DAY} < ${BIGINT}
       GROUP BY f.alertname, f.service`,
      [...local.params, from, to, ...hours.days, hours.startMinute * 60_000, hours.endMinute * 60_000],
    );
  };

  return {
    /** The latest page of all (first page of an incident, or page of a person): how far local times must reach. */
    async lastPageMs(): Promise<number | null> {
      const row = await sql.get<{ paged: Num; page: Num }>(
        `SELECT (SELECT MAX(paged_at_ms) FROM incident_facts) AS paged, (SELECT MAX(at_ms) FROM incident_pages) AS page`,
      );
      return Math.max(num(row?.paged ?? null) ?? 0, num(row?.page ?? null) ?? 0) || null;
    },

    async totals({ from, to }: Window): Promise<{ incidents: number; declared: number }> {
      const row = await sql.get<{ n: Num; declared: Num }>(
        `SELECT COUNT(*) AS n, SUM(CASE WHEN f.alertname IS NULL THEN 1 ELSE 0 END) AS declared
         FROM incident_facts f WHERE ${IN_WINDOW}`,
        [from, to],
      );
      return { incidents: num(row?.n ?? 0) ?? 0, declared: num(row?.declared ?? 0) ?? 0 };
    },

    /** Each rule's paged incidents; `within`: how many were paged inside working hours (0 without them). */
    async rules({ from, to }: Window, hours: HoursQuery | null): Promise<RuleFigures[]> {
      const counts = await sql.all<{
        alertname: string;
        service: string | null;
        pages: Num;
        actionable: Num;
        not_actionable: Num;
        unanswered: Num;
        rwa: Num;
      }>(
        `SELECT f.alertname, f.service, COUNT(*) AS pages,
           SUM(CASE WHEN f.actionable = 1 THEN 1 ELSE 0 END) AS actionable,
           SUM(CASE WHEN f.actionable = 0 THEN 1 ELSE 0 END) AS not_actionable,
           SUM(CASE WHEN f.resolved_at_ms IS NOT NULL AND f.resolved_without_action = 0 AND f.actionable IS NULL
               THEN 1 ELSE 0 END) AS unanswered,
           SUM(f.resolved_without_action) AS rwa
         FROM incident_facts f WHERE ${PAGED_RULE} GROUP BY f.alertname, f.service`,
        [from, to],
      );
      // The median as the mean of the middle one or two rows of each rule's sorted durations. An ack can
      // come before the page went out (tapped as the incident opened): that is 0, not less.
      const medians = await sql.all<{ alertname: string; service: string | null; kind: string; median: Num }>(
        `WITH durations AS (
           SELECT f.alertname, f.service, 'ack' AS kind,
             CASE WHEN f.acked_at_ms > f.paged_at_ms THEN f.acked_at_ms - f.paged_at_ms ELSE 0 END AS ms
           FROM incident_facts f WHERE ${PAGED_RULE} AND f.acked_at_ms IS NOT NULL
           UNION ALL
           SELECT f.alertname, f.service, 'resolve' AS kind,
             CASE WHEN f.resolved_at_ms > f.created_at_ms THEN f.resolved_at_ms - f.created_at_ms ELSE 0 END AS ms
           FROM incident_facts f WHERE ${PAGED_RULE} AND f.resolved_at_ms IS NOT NULL
         ), ranked AS (
           SELECT alertname, service, kind, ms,
             ROW_NUMBER() OVER (PARTITION BY alertname, service, kind ORDER BY ms) AS n,
             COUNT(*) OVER (PARTITION BY alertname, service, kind) AS total
           FROM durations
         )
         SELECT alertname, service, kind, AVG(ms) AS median FROM ranked
         WHERE n = (total + 1) / 2 OR n = (total + 2) / 2
         GROUP BY alertname, service, kind`,
        [from, to, from, to],
      );
      // The same rule as at ingest (server/integrations/ingest.ts): an earlier incident of the same group in the day before.
      const reopenings = await sql.all<{ alertname: string; service: string | null; n: Num }>(
        `SELECT f.alertname, f.service, COUNT(*) AS n
         FROM incident_facts f JOIN incidents i ON i.id = f.incident_id
         WHERE ${PAGED_RULE} AND EXISTS (
           SELECT 1 FROM incidents e JOIN incident_facts ef ON ef.incident_id = e.id
           WHERE e.dedup_key = i.dedup_key AND e.id <> i.id
             AND ef.created_at_ms < f.created_at_ms AND ef.created_at_ms >= f.created_at_ms - ${FLAPPING_WINDOW_MS})
         GROUP BY f.alertname, f.service`,
        [from, to],
      );
      const within = hours ? await withinHours({ from, to }, hours) : [];
      const reopenedOf = new Map(reopenings.map((r) => [ruleKey(r.alertname, r.service), num(r.n) ?? 0]));
      const medianOf = new Map(medians.map((m) => [`${ruleKey(m.alertname, m.service)}\u0000${m.kind}`, num(m.median)]));
      const withinOf = new Map(within.map((w) => [ruleKey(w.alertname, w.service), num(w.n) ?? 0]));
      return counts.map((c) => {
        const key = ruleKey(c.alertname, c.service);
        return {
          rule: { alertname: c.alertname, service: c.service },
          pages: num(c.pages) ?? 0,
          actionable: num(c.actionable) ?? 0,
          notActionable: num(c.not_actionable) ?? 0,
          unanswered: num(c.unanswered) ?? 0,
          resolvedWithoutAction: num(c.rwa) ?? 0,
          medianAckMs: medianOf.get(`${key}\u0000ack`) ?? null,
          medianResolveMs: medianOf.get(`${key}\u0000resolve`) ?? null,
          within: withinOf.get(key) ?? 0,
          reopened: reopenedOf.get(key) ?? 0,
        };
      });
    },

    /** Paged incidents (declared ones too) per week of the team's time zone, by the local day its Monday is. */
    async pagesPerWeek({ from, to }: Window, offsets: OffsetSpan[]): Promise<Map<number, number>> {
      const team = offsetsTable('team', offsets);
      const day = `(f.paged_at_ms + t.o) / ${DAY}`;
      const rows = await sql.all<{ monday: Num; n: Num }>(
        `WITH ${team.sql}
         SELECT ${day} - (${day} + 3) % 7 AS monday, COUNT(*) AS n
         FROM incident_facts f JOIN team t ON f.paged_at_ms >= t.s AND f.paged_at_ms < t.e
         WHERE ${IN_WINDOW} GROUP BY ${day} - (${day} + 3) % 7`,
        [...team.params, from, to],
      );
      return new Map(rows.map((r) => [num(r.monday)!, num(r.n)!]));
    },

    /**
     * These people's pages and point, per rotation, with what of it fell in their nights (one time zone per
     * call: its offsets). Point is counted within the window only, an open span up to its end.
     */
    async load({ from, to }: Window, emails: string[], offsets: OffsetSpan[]): Promise<LoadFigures[]> {
      if (!emails.length) return [];
      const zone = offsetsTable('zone', offsets);
      const pages = await sql.all<{ email: string; rotation_id: string | null; pages: Num; night: Num; first: Num }>(
        `WITH ${zone.sql}
         SELECT f.email, f.rotation_id, COUNT(*) AS pages, MIN(f.created_at_ms) AS first,
           SUM(CASE WHEN ${isNightSql('f.at_ms + z.o')} THEN 1 ELSE 0 END) AS night
         FROM incident_pages f JOIN zone z ON f.at_ms >= z.s AND f.at_ms < z.e
         WHERE ${IN_WINDOW} AND f.email IN (${list(emails.length)})
         GROUP BY f.email, f.rotation_id`,
        [...zone.params, from, to, ...emails],
      );
      // Each span cut where the offset changes; a piece's night time is the night up to its end less the night
      // up to its start, in local time.
      const spans = await sql.all<{ email: string; rotation_id: string | null; night: Num; first: Num }>(
        `WITH ${zone.sql}, spans AS (
           SELECT f.email, f.rotation_id, f.created_at_ms,
             CASE WHEN f.from_ms > ${BIGINT} THEN f.from_ms ELSE ${BIGINT} END AS s,
             CASE WHEN f.to_ms IS NULL OR f.to_ms > ${BIGINT} THEN ${BIGINT} ELSE f.to_ms END AS e
           FROM incident_point_spans f
           WHERE ${IN_WINDOW} AND f.email IN (${list(emails.length)})
         ), pieces AS (
           SELECT spans.email, spans.rotation_id, spans.created_at_ms,
             (CASE WHEN spans.s > z.s THEN spans.s ELSE z.s END) + z.o AS a,
             (CASE WHEN spans.e < z.e THEN spans.e ELSE z.e END) + z.o AS b
           FROM spans LEFT JOIN zone z ON spans.s < spans.e AND spans.s < z.e AND spans.e > z.s
         )
         SELECT email, rotation_id, MIN(created_at_ms) AS first, SUM(${nightBefore('b')} - ${nightBefore('a')}) AS night
         FROM pieces GROUP BY email, rotation_id`,
        [...zone.params, from, from, to, to, from, to, ...emails],
      );
      const figures = new Map<string, LoadFigures>();
      const entry = (email: string, rotationId: string | null, first: Num) => {
        const key = `${email}\u0000${rotationId ?? '\u0000'}`;
        let found = figures.get(key);
        if (!found) {
          figures.set(key, (found = { email, rotationId, pages: 0, nightPages: 0, nightMs: 0, firstMs: num(first) ?? 0 }));
        }
        return found;
      };
      for (const row of pages) {
        Object.assign(entry(row.email, row.rotation_id, row.first), { pages: num(row.pages), nightPages: num(row.night) });
      }
      for (const row of spans) entry(row.email, row.rotation_id, row.first).nightMs = num(row.night) ?? 0;
      return [...figures.values()];
    },

    /** Earlier incidents of a rule opened since `sinceMs` and before `before`, newest first. */
    async pastIncidents(rule: AlertRule, before: { id: string; createdAtMs: number }, sinceMs: number, limit: number) {
      const service = rule.service === null ? 'f.service IS NULL' : 'f.service = ?';
      const rows = await sql.all<{
        id: string;
        created_at: string;
        point: string | null;
        resolved_at_ms: Num;
        resolution_note: string | null;
        actionable: Num;
      }>(
        `SELECT i.id, i.created_at, f.point, f.resolved_at_ms, f.resolution_note, f.actionable
         FROM incident_facts f JOIN incidents i ON i.id = f.incident_id
         WHERE f.alertname = ? AND ${service} AND f.created_at_ms >= ${BIGINT} AND f.created_at_ms < ${BIGINT}
           AND f.incident_id <> ?
         ORDER BY f.created_at_ms DESC LIMIT ?`,
        [rule.alertname, ...(rule.service === null ? [] : [rule.service]), sinceMs, before.createdAtMs, before.id, limit],
      );
      return rows.map((r): PastFacts => ({
        id: r.id,
        createdAt: r.created_at,
        point: r.point,
        resolvedAtMs: num(r.resolved_at_ms),
        resolutionNote: r.resolution_note,
        actionable: r.actionable === null ? null : Number(r.actionable) === 1,
      }));
    },

    /** Incidents opened since `sinceMs` and incidents still open, with their facts, whether open, and who has point. */
    async touchedSince(sinceMs: number): Promise<{ facts: IncidentFacts; open: boolean; point: string | null }[]> {
      const rows = await sql.all<{
        id: string;
        title: string;
        created_at: string;
        details: string;
        state: string;
        is_open: Num;
        fold: string;
      }>(
        `SELECT i.id, i.title, i.created_at, i.details, i.state, i.is_open, d.fold
         FROM incidents i JOIN incident_facts f ON f.incident_id = i.id JOIN incident_folds d ON d.incident_id = i.id
         WHERE f.created_at_ms >= ${BIGINT} OR i.is_open = 1 ORDER BY f.created_at_ms`,
        [sinceMs],
      );
      return rows.map((r) => ({
        facts: factsOf(
          { id: r.id, title: r.title, createdAt: r.created_at, details: JSON.parse(r.details) as IncidentDetails },
          JSON.parse(r.fold) as FactsFold,
        ),
        open: Number(r.is_open) === 1,
        point: (JSON.parse(r.state) as IncidentState).point,
      }));
    },

    /** A person's pages since `sinceMs`, of incidents opened since `openedSinceMs`, newest first. */
    async pagesOf(email: string, sinceMs: number, openedSinceMs: number): Promise<string[]> {
      const rows = await sql.all<{ at: string }>(
        `SELECT at FROM incident_pages
         WHERE email = ? AND at_ms > ${BIGINT} AND created_at_ms >= ${BIGINT}
         ORDER BY at_ms DESC`,
        [email, sinceMs, openedSinceMs],
      );
      return rows.map((r) => r.at);
    },
  };
}
export type InsightsQueries = ReturnType<typeof insightsQueries>;
