import { DateTime } from 'luxon';
import { minutesOf, type WorkingHours } from '../schedule/working-hours.js';
import type { InsightsView, OnCallLoad, PersonInsight, RuleInsight } from '../../shared/api.js';
import type { HoursQuery, InsightsQueries, LoadFigures, RuleFigures } from './insights-sql.js';
import { offsetSpans } from './zone-offsets.js';

/**
 * On-call health from a set of incidents: which alert rules are worth waking someone for, how much the
 * alerts miss, and what the rotation costs each person at night. The clock and the team come in; the
 * figures come from the facts the store keeps (insights-sql.ts).
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

const DAY = 24 * 3600_000;
const NIGHT_START_HOUR = 22;
const NIGHT_END_HOUR = 7;

/** 22:00–07:00 on the person's own clock, whatever the offset that night. */
export function isNight(at: Date, timeZone: string): boolean {
  const hour = DateTime.fromJSDate(at, { zone: timeZone }).hour;
  return hour >= NIGHT_START_HOUR || hour < NIGHT_END_HOUR;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function hintFor(r: Omit<RuleInsight, 'hint'>): string | null {
  const answered = r.actionable + r.notActionable;
  if (answered >= 3 && r.notActionable / answered > 0.5) {
    return `${r.notActionable} of ${answered} pages were not actionable — tune or demote this alert`;
  }
  if (r.pages >= 3 && r.reopened / r.pages > 0.5) {
    return `${r.reopened} of ${plural(r.pages, 'page')} came back within a day of the one before — it flaps: make it wait longer (for:) or resolve later`;
  }
  if (r.pages >= 3 && r.resolvedWithoutAction / r.pages > 0.5) {
    return `${r.resolvedWithoutAction} of ${plural(r.pages, 'page')} resolved by themselves before anyone acted — wait longer before paging, or page only in working hours`;
  }
  return null;
}

function ruleInsights(figures: RuleFigures[], counted: boolean): RuleInsight[] {
  const rules = figures.map(({ within, ...f }) => {
    const base = {
      ...f,
      // Pages nobody acted on have nobody to ask; they count as resolved by themselves instead (see the SQL).
      precision: f.actionable + f.notActionable ? f.actionable / (f.actionable + f.notActionable) : null,
      outOfHours: counted ? f.pages - within : 0,
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

const hoursOf = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;
const sum = (loads: LoadFigures[]): OnCallLoad => ({
  pages: loads.reduce((n, l) => n + l.pages, 0),
  nightPages: loads.reduce((n, l) => n + l.nightPages, 0),
  nightHoursOnPoint: hoursOf(loads.reduce((n, l) => n + l.nightMs, 0)),
});

function person(email: string, loads: LoadFigures[], ctx: InsightsContext): PersonInsight {
  // Every rotation they are in (a quiet one shows as 0), then any other that paged them or gave them point
  // (in the order they first did), then "no rotation".
  const seen = [...loads].sort((a, b) => a.firstMs - b.firstMs).map((l) => l.rotationId);
  const rotationIds = [
    ...new Set<string | null>([...ctx.rotations.filter((r) => r.members.includes(email)).map((r) => r.id), ...seen]),
  ].sort((a, b) => (a === null ? 1 : 0) - (b === null ? 1 : 0));
  return {
    email,
    ...sum(loads),
    rotations: rotationIds
      .map((rotationId) => ({
        rotationId,
        rotationName: ctx.rotations.find((r) => r.id === rotationId)?.name ?? rotationId,
        ...sum(loads.filter((l) => l.rotationId === rotationId)),
      }))
      // "Not through a rotation" only when it cost them something (daytime point on a declared incident did not).
      .filter((r) => r.rotationId !== null || r.pages > 0 || r.nightHoursOnPoint > 0),
  };
}

/** The insights for incidents opened in [from, to), each figure an aggregate query over the stored facts. */
export async function computeInsights(queries: InsightsQueries, ctx: InsightsContext): Promise<Insights> {
  const window = { from: ctx.from.getTime(), to: ctx.to.getTime() };
  // Pages can go out after the window closes (an incident opened near its end): their local times count too.
  const until = Math.max(window.to, (await queries.lastPageMs()) ?? 0);
  const offsets = (zone: string) => offsetSpans(zone, window.from, until);
  const hours = ctx.workingHours;
  const hoursQuery: HoursQuery | null = hours
    ? { offsets: offsets(hours.timeZone), days: hours.days, startMinute: minutesOf(hours.start), endMinute: minutesOf(hours.end) }
    : null;
  const zones = [...new Set(ctx.people.map((p) => p.timeZone))];
  const [totals, rules, perWeek, loads] = await Promise.all([
    queries.totals(window),
    queries.rules(window, hoursQuery),
    queries.pagesPerWeek(window, offsets(ctx.teamTimeZone)),
    Promise.all(
      zones.map((zone) =>
        queries.load(
          window,
          ctx.people.filter((p) => p.timeZone === zone).map((p) => p.email),
          offsets(zone),
        ),
      ),
    ),
  ]);

  const weekOf = (at: Date) => DateTime.fromJSDate(at, { zone: ctx.teamTimeZone }).startOf('week');
  const weekly: Insights['weekly'] = [];
  for (let week = weekOf(ctx.from); week.toMillis() < window.to; week = week.plus({ weeks: 1 })) {
    const monday = Date.parse(`${week.toISODate()!}T00:00:00Z`) / DAY;
    weekly.push({ weekStart: week.toISODate()!, pages: perWeek.get(monday) ?? 0 });
  }
  const allLoads = loads.flat();
  return {
    from: ctx.from.toISOString(),
    to: ctx.to.toISOString(),
    rules: ruleInsights(rules, !!hours),
    weekly,
    incidents: totals.incidents,
    declared: totals.declared,
    recall: totals.incidents ? (totals.incidents - totals.declared) / totals.incidents : null,
    people: ctx.people.map(({ email }) =>
      person(
        email,
        allLoads.filter((l) => l.email === email),
        ctx,
      ),
    ),
  };
}
