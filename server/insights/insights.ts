import { DateTime } from 'luxon';
import { isWorkingTime, type WorkingHours } from '../schedule/working-hours.js';
import type { AlertRule, InsightsView, OnCallLoad, PersonInsight, RuleInsight } from '../../shared/api.js';
import type { IncidentFacts } from './incident-facts.js';

/**
 * On-call health from a set of incidents: which alert rules are worth waking someone for, how much the
 * alerts miss, and what the rotation costs each person at night. Pure: the clock and the team come in.
 */

export type Insights = InsightsView;

export interface InsightsContext {
  from: Date;
  to: Date;
  teamTimeZone: string;
  workingHours?: WorkingHours;
  people: { email: string; timeZone: string }[];
  rotations: { id: string; name: string; members: string[] }[];
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const NIGHT_START_HOUR = 22;
const NIGHT_END_HOUR = 7;

/** 22:00–07:00 on the person's own clock, whatever the offset that night. */
export function isNight(at: Date, timeZone: string): boolean {
  const hour = DateTime.fromJSDate(at, { zone: timeZone }).hour;
  return hour >= NIGHT_START_HOUR || hour < NIGHT_END_HOUR;
}

/** How much of [from, to) falls in the person's nights, in milliseconds; DST nights are an hour shorter or longer. */
export function nightOverlapMs(from: Date, to: Date, timeZone: string): number {
  if (to <= from) return 0;
  let total = 0;
  let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromJSDate(to, { zone: timeZone }).startOf('day');
  while (day <= last) {
    const nightStart = day.set({ hour: NIGHT_START_HOUR }).toMillis();
    const nightEnd = day.plus({ days: 1 }).set({ hour: NIGHT_END_HOUR }).toMillis();
    total += Math.max(0, Math.min(nightEnd, to.getTime()) - Math.max(nightStart, from.getTime()));
    day = day.plus({ days: 1 });
  }
  return total;
}

const msBetween = (fromIso: string, toIso: string) => Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
const ruleKey = (rule: AlertRule) => `${rule.alertname}\u0000${rule.service ?? ''}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function hintFor(r: Omit<RuleInsight, 'hint'>): string | null {
  const answered = r.actionable + r.notActionable;
  if (answered >= 3 && r.notActionable / answered > 0.5) {
    return `${r.notActionable} of ${answered} pages were not actionable — tune or demote this alert`;
  }
  if (r.pages >= 3 && r.resolvedWithoutAction / r.pages > 0.5) {
    return `${r.resolvedWithoutAction} of ${plural(r.pages, 'page')} resolved by themselves before anyone acted — wait longer before paging, or page only in working hours`;
  }
  return null;
}

function ruleInsights(paged: IncidentFacts[], hours: WorkingHours | undefined): RuleInsight[] {
  const byRule = new Map<string, IncidentFacts[]>();
  for (const facts of paged) {
    if (!facts.rule) continue;
    const key = ruleKey(facts.rule);
    byRule.set(key, [...(byRule.get(key) ?? []), facts]);
  }
  const rules = [...byRule.values()].map((group) => {
    const actionable = group.filter((f) => f.actionable === true).length;
    const notActionable = group.filter((f) => f.actionable === false).length;
    const base = {
      rule: group[0].rule!,
      pages: group.length,
      actionable,
      notActionable,
      // Pages nobody acted on have nobody to ask; they count as resolved by themselves instead.
      unanswered: group.filter((f) => f.resolvedAt && !f.resolvedWithoutAction && f.actionable === null).length,
      precision: actionable + notActionable ? actionable / (actionable + notActionable) : null,
      // An ack can come before the page went out (tapped in the app as the incident opened): that is 0, not less.
      medianAckMs: median(group.filter((f) => f.acknowledgedAt).map((f) => msBetween(f.pagedAt!, f.acknowledgedAt!))),
      medianResolveMs: median(group.filter((f) => f.resolvedAt).map((f) => msBetween(f.createdAt, f.resolvedAt!))),
      outOfHours: hours ? group.filter((f) => !isWorkingTime(hours, new Date(f.pagedAt!))).length : 0,
      resolvedWithoutAction: group.filter((f) => f.resolvedWithoutAction).length,
    };
    return { ...base, hint: hintFor(base) };
  });
  // Noisiest first: the most pages nobody could act on, then the most pages.
  return rules.sort(
    (a, b) =>
      b.notActionable + b.resolvedWithoutAction - (a.notActionable + a.resolvedWithoutAction) ||
      b.pages - a.pages ||
      a.rule.alertname.localeCompare(b.rule.alertname),
  );
}

function weekly(paged: IncidentFacts[], ctx: InsightsContext): Insights['weekly'] {
  const weekOf = (at: Date) => DateTime.fromJSDate(at, { zone: ctx.teamTimeZone }).startOf('week');
  const weeks: Insights['weekly'] = [];
  for (let week = weekOf(ctx.from); week.toMillis() < ctx.to.getTime(); week = week.plus({ weeks: 1 })) {
    weeks.push({ weekStart: week.toISODate()!, pages: 0 });
  }
  for (const facts of paged) {
    const entry = weeks.find((w) => w.weekStart === weekOf(new Date(facts.pagedAt!)).toISODate());
    if (entry) entry.pages++;
  }
  return weeks;
}

function load(
  pages: IncidentFacts['pages'],
  spans: IncidentFacts['pointSpans'],
  timeZone: string,
  { from, to }: { from: Date; to: Date },
): OnCallLoad {
  // Point held within the report's window: that is what it costs, and the walk over nights never goes past it.
  const nightMs = spans.reduce((sum, span) => {
    const start = Math.max(Date.parse(span.from), from.getTime());
    const end = Math.min(span.to ? Date.parse(span.to) : to.getTime(), to.getTime());
    return sum + nightOverlapMs(new Date(start), new Date(end), timeZone);
  }, 0);
  return {
    pages: pages.length,
    nightPages: pages.filter((p) => isNight(new Date(p.at), timeZone)).length,
    nightHoursOnPoint: Math.round((nightMs / 3_600_000) * 10) / 10,
  };
}

function people(all: IncidentFacts[], ctx: InsightsContext): PersonInsight[] {
  return ctx.people.map(({ email, timeZone }) => {
    const pages = all.flatMap((f) => f.pages.filter((p) => p.email === email));
    const spans = all.flatMap((f) => f.pointSpans.filter((s) => s.email === email));
    // Every rotation they are in (a quiet one shows as 0), then any other that paged them, then "no rotation".
    const rotationIds = [
      ...new Set<string | null>([
        ...ctx.rotations.filter((r) => r.members.includes(email)).map((r) => r.id),
        ...pages.map((p) => p.rotationId),
        ...spans.map((s) => s.rotationId),
      ]),
    ].sort((a, b) => (a === null ? 1 : 0) - (b === null ? 1 : 0));
    return {
      email,
      ...load(pages, spans, timeZone, ctx),
      rotations: rotationIds
        .map((rotationId) => ({
          rotationId,
          rotationName: ctx.rotations.find((r) => r.id === rotationId)?.name ?? rotationId,
          ...load(
            pages.filter((p) => p.rotationId === rotationId),
            spans.filter((s) => s.rotationId === rotationId),
            timeZone,
            ctx,
          ),
        }))
        // "Not through a rotation" only when it cost them something (daytime point on a declared incident did not).
        .filter((r) => r.rotationId !== null || r.pages > 0 || r.nightHoursOnPoint > 0),
    };
  });
}

/** The insights for incidents opened in [from, to). */
export function computeInsights(incidents: IncidentFacts[], ctx: InsightsContext): Insights {
  const inRange = incidents.filter((f) => {
    const at = Date.parse(f.createdAt);
    return at >= ctx.from.getTime() && at < ctx.to.getTime();
  });
  const paged = inRange.filter((f) => f.pagedAt);
  const declared = inRange.filter((f) => !f.rule).length;
  return {
    from: ctx.from.toISOString(),
    to: ctx.to.toISOString(),
    rules: ruleInsights(paged, ctx.workingHours),
    weekly: weekly(paged, ctx),
    incidents: inRange.length,
    declared,
    recall: inRange.length ? (inRange.length - declared) / inRange.length : null,
    people: people(inRange, ctx),
  };
}
