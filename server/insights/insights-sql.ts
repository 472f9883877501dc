import type { AlertRule, IncidentDetails } from '../../shared/api.js';
import type { IncidentState } from '../../shared/reducer.js';
import type { SqlClient } from '../store/sql-client.js';
import { factsOf, type FactsFold, type IncidentFacts } from './incident-facts.js';

/**
 * The insights' figures as SQL aggregates over the facts tables (facts-sql.ts): one query per figure, the
 * same on SQLite and PostgreSQL. Local-time questions (which week, working hours, night) are asked as
 * intervals of epoch milliseconds worked out in JS for the report's few weeks and days, and joined in.
 */

/** [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

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
  /** Pages that went out within the intervals asked about (working hours). */
  within: number;
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

/** `WITH name (k, s, e) AS (VALUES …)`: intervals as a table; k is the interval's index. Never empty. */
function intervalsTable(name: string, intervals: Interval[]): { sql: string; params: number[] } {
  const rows = intervals.length ? intervals : [{ start: 0, end: 0 }];
  return {
    sql: `${name} (k, s, e) AS (VALUES ${rows.map(() => `(CAST(? AS INTEGER), ${BIGINT}, ${BIGINT})`).join(', ')})`,
    params: rows.flatMap((r, k) => [k, r.start, r.end]),
  };
}

const ruleKey = (alertname: string, service: string | null) => `${alertname}\u0000${service ?? ''}`;

export function insightsQueries(sql: SqlClient) {
  return {
    /** The latest first page and the latest page of any person, of incidents in the window. */
    async reach({ from, to }: Window): Promise<{ lastPagedMs: number | null; lastPageMs: number | null }> {
      const row = await sql.get<{ paged: Num; page: Num }>(
        `SELECT (SELECT MAX(f.paged_at_ms) FROM incident_facts f WHERE ${IN_WINDOW}) AS paged,
           (SELECT MAX(p.at_ms) FROM incident_facts f JOIN incident_pages p ON p.incident_id = f.incident_id
            WHERE ${IN_WINDOW}) AS page`,
        [from, to, from, to],
      );
      return { lastPagedMs: num(row?.paged ?? null), lastPageMs: num(row?.page ?? null) };
    },

    async totals({ from, to }: Window): Promise<{ incidents: number; declared: number }> {
      const row = await sql.get<{ n: Num; declared: Num }>(
        `SELECT COUNT(*) AS n, SUM(CASE WHEN f.alertname IS NULL THEN 1 ELSE 0 END) AS declared
         FROM incident_facts f WHERE ${IN_WINDOW}`,
        [from, to],
      );
      return { incidents: num(row?.n ?? 0) ?? 0, declared: num(row?.declared ?? 0) ?? 0 };
    },

    /** Each rule's paged incidents; `within`: how many were paged inside `intervals`. */
    async rules({ from, to }: Window, intervals: Interval[]): Promise<RuleFigures[]> {
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
      const hours = intervalsTable('hours', intervals);
      const within = await sql.all<{ alertname: string; service: string | null; n: Num }>(
        `WITH ${hours.sql}
         SELECT f.alertname, f.service, COUNT(*) AS n
         FROM incident_facts f JOIN hours h ON f.paged_at_ms >= h.s AND f.paged_at_ms < h.e
         WHERE ${PAGED_RULE} GROUP BY f.alertname, f.service`,
        [...hours.params, from, to],
      );
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
        };
      });
    },

    /** Paged incidents (declared ones too) per interval, by the time of their first page. */
    async pagesPerInterval({ from, to }: Window, intervals: Interval[]): Promise<number[]> {
      const table = intervalsTable('weeks', intervals);
      const rows = await sql.all<{ k: Num; n: Num }>(
        `WITH ${table.sql}
         SELECT w.k, COUNT(*) AS n FROM incident_facts f JOIN weeks w ON f.paged_at_ms >= w.s AND f.paged_at_ms < w.e
         WHERE ${IN_WINDOW} GROUP BY w.k`,
        [...table.params, from, to],
      );
      const counts = intervals.map(() => 0);
      for (const row of rows) counts[num(row.k)!] = num(row.n) ?? 0;
      return counts;
    },

    /**
     * These people's pages and point, per rotation, with what of it fell in `nights` (their nights: one
     * time zone per call). Point is counted within the window only, an open span up to its end.
     */
    async load({ from, to }: Window, emails: string[], nights: Interval[]): Promise<LoadFigures[]> {
      if (!emails.length) return [];
      const table = intervalsTable('nights', nights);
      const pages = await sql.all<{ email: string; rotation_id: string | null; pages: Num; night: Num; first: Num }>(
        `WITH ${table.sql}
         SELECT p.email, p.rotation_id, COUNT(*) AS pages, COUNT(n.s) AS night, MIN(f.created_at_ms) AS first
         FROM incident_facts f JOIN incident_pages p ON p.incident_id = f.incident_id
         LEFT JOIN nights n ON p.at_ms >= n.s AND p.at_ms < n.e
         WHERE ${IN_WINDOW} AND p.email IN (${list(emails.length)})
         GROUP BY p.email, p.rotation_id`,
        [...table.params, from, to, ...emails],
      );
      const spans = await sql.all<{ email: string; rotation_id: string | null; night: Num; first: Num }>(
        `WITH ${table.sql}, spans AS (
           SELECT sp.email, sp.rotation_id, f.created_at_ms,
             CASE WHEN sp.from_ms > ${BIGINT} THEN sp.from_ms ELSE ${BIGINT} END AS s,
             CASE WHEN sp.to_ms IS NULL OR sp.to_ms > ${BIGINT} THEN ${BIGINT} ELSE sp.to_ms END AS e
           FROM incident_facts f JOIN incident_point_spans sp ON sp.incident_id = f.incident_id
           WHERE ${IN_WINDOW} AND sp.email IN (${list(emails.length)})
         )
         SELECT spans.email, spans.rotation_id, MIN(spans.created_at_ms) AS first,
           SUM(CASE WHEN n.s IS NULL THEN 0 ELSE
             (CASE WHEN spans.e < n.e THEN spans.e ELSE n.e END) - (CASE WHEN spans.s > n.s THEN spans.s ELSE n.s END) END) AS night
         FROM spans LEFT JOIN nights n ON spans.s < spans.e AND spans.s < n.e AND spans.e > n.s
         GROUP BY spans.email, spans.rotation_id`,
        [...table.params, from, from, to, to, from, to, ...emails],
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
        `SELECT i.id, i.title, i.created_at, i.details, i.state, i.is_open, f.fold
         FROM incidents i JOIN incident_facts f ON f.incident_id = i.id
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
        `SELECT p.at FROM incident_pages p JOIN incident_facts f ON f.incident_id = p.incident_id
         WHERE p.email = ? AND p.at_ms > ${BIGINT} AND f.created_at_ms >= ${BIGINT}
         ORDER BY p.at_ms DESC`,
        [email, sinceMs, openedSinceMs],
      );
      return rows.map((r) => r.at);
    },
  };
}
export type InsightsQueries = ReturnType<typeof insightsQueries>;
