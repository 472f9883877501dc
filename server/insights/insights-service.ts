import type { Nudge, PastIncident } from '../../shared/api.js';
import { withCountedTime } from '../../shared/device-time.js';
import { personName, personTimeZone, type Config } from '../config/load.js';
import type { IncidentRecord, IncidentStore, InsightsStore } from '../store/store.js';
import { incidentFacts, ruleOf } from './incident-facts.js';
import { computeInsights, isNight, type Insights } from './insights.js';
import { postmortemMarkdown } from './postmortem.js';

const DAY = 24 * 3600_000;
const HISTORY_DAYS = 180;
const HISTORY_SHOWN = 5;

/** Insights, history and the night nudge from the facts the store keeps; a postmortem from one timeline. */
export function createInsightsService({
  store,
  config,
  now,
}: {
  store: IncidentStore & InsightsStore;
  config: Config;
  now: () => Date;
}) {
  return {
    insights(from: Date, to: Date): Promise<Insights> {
      return computeInsights(store.insights, {
        from,
        to,
        teamTimeZone: config.timeZone,
        workingHours: config.workingHours,
        people: config.people.map((p) => ({ email: p.email, timeZone: personTimeZone(config, p.email) })),
        rotations: config.rotations,
      });
    },

    /** How the same alert went before: who had point, how long, how it was fixed. Newest first. */
    async history(incident: IncidentRecord): Promise<PastIncident[]> {
      const rule = ruleOf(incident.details);
      if (!rule) return [];
      const since = now().getTime() - HISTORY_DAYS * DAY;
      const before = { id: incident.id, createdAtMs: Date.parse(incident.createdAt) };
      return (await store.insights.pastIncidents(rule, before, since, HISTORY_SHOWN)).map((past) => ({
        id: past.id,
        createdAt: past.createdAt,
        point: past.point,
        durationMs: past.resolvedAtMs === null ? null : past.resolvedAtMs - Date.parse(past.createdAt),
        resolutionNote: past.resolutionNote,
        actionable: past.actionable,
      }));
    },

    /** The latest page that reached this person at night (their clock) in the last 24 hours. */
    async nudge(email: string): Promise<Nudge> {
      const at = now().getTime();
      const timeZone = personTimeZone(config, email);
      const pages = await store.insights.pagesOf(email, at - DAY, at - 3 * DAY);
      return { nightPageAt: pages.find((page) => isNight(new Date(page), timeZone)) ?? null };
    },

    async postmortem(incident: IncidentRecord): Promise<string> {
      const timeline = (await store.listEvents(incident.id)).map((e) => withCountedTime(e, incident.createdAt));
      const resolve = timeline.find((e) => e.type === 'resolve');
      return postmortemMarkdown({
        title: incident.title,
        severity: incident.severity,
        facts: incidentFacts(incident, timeline),
        timeline,
        resolutionNote: resolve?.type === 'resolve' ? (resolve.note ?? null) : null,
        timeZone: config.timeZone,
        nameOf: (email) => personName(config, email),
        now: now(),
      });
    },
  };
}
export type InsightsService = ReturnType<typeof createInsightsService>;
