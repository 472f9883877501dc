import type { AlertRule, Nudge, PastIncident } from '../../shared/api.js';
import { withCountedTime } from '../../shared/device-time.js';
import { personName, personTimeZone, type Config } from '../config/load.js';
import type { IncidentRecord, IncidentStore } from '../store/store.js';
import { incidentFacts, ruleOf } from './incident-facts.js';
import { computeInsights, isNight, type Insights } from './insights.js';
import { postmortemMarkdown } from './postmortem.js';

const DAY = 24 * 3600_000;
const HISTORY_DAYS = 180;
const HISTORY_SHOWN = 5;
const sameRule = (a: AlertRule | null, b: AlertRule | null) =>
  !!a && !!b && a.alertname === b.alertname && a.service === b.service;

/** The I/O around the pure insights: reads incidents and their timelines from the store. */
export function createInsightsService({ store, config, now }: { store: IncidentStore; config: Config; now: () => Date }) {
  const factsOf = async (incident: IncidentRecord) => incidentFacts(incident, await store.listEvents(incident.id));

  return {
    async insights(from: Date, to: Date): Promise<Insights> {
      const incidents = (await store.listIncidentsSince(from.toISOString())).filter(
        (i) => Date.parse(i.createdAt) < to.getTime(),
      );
      const facts = await Promise.all(incidents.map(factsOf));
      return computeInsights(facts, {
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
      const since = new Date(now().getTime() - HISTORY_DAYS * DAY).toISOString();
      const earlier = (await store.listIncidentsSince(since))
        .filter((i) => i.id !== incident.id && i.createdAt < incident.createdAt && sameRule(ruleOf(i.details), rule))
        .slice(-HISTORY_SHOWN)
        .reverse();
      return Promise.all(
        earlier.map(async (past) => {
          const timeline = await store.listEvents(past.id);
          const facts = incidentFacts(past, timeline);
          const resolve = timeline.find((e) => e.type === 'resolve');
          return {
            id: past.id,
            createdAt: past.createdAt,
            point: facts.pointSpans.at(-1)?.email ?? null,
            durationMs: facts.resolvedAt ? Date.parse(facts.resolvedAt) - Date.parse(past.createdAt) : null,
            resolutionNote: resolve?.type === 'resolve' ? (resolve.note ?? null) : null,
            actionable: facts.actionable,
          };
        }),
      );
    },

    /** The latest page that reached this person at night (their clock) in the last 24 hours. */
    async nudge(email: string): Promise<Nudge> {
      const at = now().getTime();
      const timeZone = personTimeZone(config, email);
      const recent = await store.listIncidentsSince(new Date(at - 3 * DAY).toISOString());
      const nightPages = (await Promise.all(recent.map(factsOf)))
        .flatMap((f) => f.pages)
        .filter((p) => p.email === email && at - Date.parse(p.at) < DAY && isNight(new Date(p.at), timeZone))
        .map((p) => p.at)
        .sort();
      return { nightPageAt: nightPages.at(-1) ?? null };
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
