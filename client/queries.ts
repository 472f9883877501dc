import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { DeviceList, IncidentList, IncidentView, Nudge, OnCall, Team, WhoAmI } from '../shared/api.js';
import { foldIncident, IncidentState, mergeTimeline } from '../shared/reducer.js';
import type { TimelineEvent } from '../shared/timeline.js';
import { api } from './api.js';
import { whenIdle } from './idle.js';
import { handoffTime } from './format.js';
import { building, inTurn } from './warm-up.js';

export const keys = {
  me: ['me'] as const,
  team: ['team'] as const,
  incidents: ['incidents'] as const,
  incident: (id: string) => ['incident', id] as const,
  devices: ['devices'] as const,
  nudge: ['nudge'] as const,
  onCall: ['oncall'] as const,
  insights: ['insights'] as const,
};

/**
 * When this page started, on the clock query times are kept in (evaluated with the entry, before any request):
 * what a query holds from before came from the copy saved on the device.
 */
export const PAGE_STARTED_AT = Date.now();

/** Fresh for `ms` when this page fetched it; from the saved copy, stale at once, so the screen confirms it. */
const freshFor = (ms: number) => (query: { state: { dataUpdatedAt: number } }) =>
  query.state.dataUpdatedAt < PAGE_STARTED_AT ? 0 : ms;

/** The timeline moved (an action sent, a live event): the list and any open Insights screen are refetched. */
export function refreshAfterTimelineChange(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: keys.incidents });
  void client.invalidateQueries({ queryKey: keys.insights });
}

const fetchMe = async (onSomeone?: () => void) =>
  (await api('/api/me', WhoAmI, { onUnchecked: (answer) => isSomeone(answer) && onSomeone?.() })).person;

const isSomeone = (answer: unknown) => typeof answer === 'object' && answer !== null && 'person' in answer && !!answer.person;

/** Who is logged in: null for nobody. */
export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: () => fetchMe(),
  // Restored from the device at start; checked again now and then, so an ended session shows the login.
  staleTime: 5 * 60_000,
});

export const useMe = () => useQuery(meQuery);

export const teamQuery = queryOptions({ queryKey: keys.team, queryFn: () => api('/api/team', Team), staleTime: 5 * 60_000 });

export const useTeam = () => useQuery(teamQuery);

export const onCallQuery = queryOptions({
  queryKey: keys.onCall,
  queryFn: () => api('/api/oncall', OnCall),
  // Handoffs happen on the minute; a minute late is fine for a label.
  refetchInterval: 60_000,
  staleTime: 30_000,
});

const useOnCallNow = <T>(select: (onCall: OnCall) => T) => useQuery({ ...onCallQuery, select });

export const useOnCall = () => useOnCallNow((onCall) => onCall.rotations);

/** Who each escalation level pages now: what the Escalate button names. */
export const useEscalationNow = () => useOnCallNow((onCall) => onCall.escalation);

const fetchIncident = (id: string) => api(`/api/incidents/${encodeURIComponent(id)}`, IncidentView);

/** Open incidents a device keeps in full, so each opens with its timeline when the signal is gone. */
const KEEP_OPEN_INCIDENTS = 20;

export const incidentsQuery = queryOptions({
  queryKey: keys.incidents,
  queryFn: async ({ client }) => {
    const { incidents } = await api('/api/incidents', IncidentList);
    // After the list is drawn: reading these answers at start would delay the list itself.
    whenIdle(() => {
      for (const incident of incidents.filter((i) => i.state.status !== 'resolved').slice(0, KEEP_OPEN_INCIDENTS)) {
        // The live stream keeps a cached incident current, so one download each is enough.
        void client.prefetchQuery({
          queryKey: keys.incident(incident.id),
          queryFn: () => fetchIncident(incident.id),
          staleTime: Infinity,
        });
      }
    });
    return incidents;
  },
  // The list asked for at start (main.ts) is not asked for again when the screen shows it a moment later;
  // the live stream refetches it whenever the timeline moves.
  staleTime: freshFor(10_000),
});

export const useIncidents = () => useQuery(incidentsQuery);

/**
 * A fetched incident with the live events that came in while it was on its way: a timeline only grows, and
 * a response older than the stream's last event must not take a receipt or a page off the screen.
 */
export function withLiveEvents(fetched: IncidentView, cached: IncidentView | undefined): IncidentView {
  const newer = cached?.timeline.filter((e) => e.seq > fetched.state.lastSeq) ?? [];
  if (newer.length === 0) return fetched;
  const timeline = mergeTimeline(fetched.timeline, newer);
  return { ...fetched, timeline, state: foldIncident(timeline) };
}

export const useIncident = (id: string) =>
  useQuery({
    queryKey: keys.incident(id),
    queryFn: async ({ client }) => withLiveEvents(await fetchIncident(id), client.getQueryData(keys.incident(id))),
  });

const fetchDevices = async () => (await api('/api/devices', DeviceList)).devices;

export const devicesQuery = queryOptions({
  queryKey: keys.devices,
  queryFn: fetchDevices,
  // Asked for at start: the list screen showing a moment later does not ask again. Pages and receipts on the
  // live stream refetch it.
  staleTime: freshFor(10_000),
});

export const useDevices = () => useQuery(devicesQuery);

/** When this person was last paged at night, for the word to look after themselves. */
export const nudgeQuery = queryOptions({
  queryKey: keys.nudge,
  queryFn: () => api('/api/me/nudge', Nudge),
  staleTime: 10 * 60_000,
});

export const useNudge = () => useQuery(nudgeQuery);

/**
 * Who is logged in, asked at start: the incident list screen's requests (the list, who is on call, and what
 * the status area above the list needs) go out as soon as the answer names someone, not after that answer
 * has waited its turn on the busy main thread to be checked. Nothing is shown until it is.
 */
export const meQueryAtStart = (client: QueryClient) =>
  queryOptions({
    ...meQuery,
    queryFn: () => {
      // Building a schema costs more than checking an answer with it: built while the server answers (in
      // tasks of their own), each is ready when its answer comes in.
      inTurn([building(WhoAmI)]);
      return fetchMe(() => {
        void client.prefetchQuery(incidentsQuery);
        void client.prefetchQuery(onCallQuery);
        void client.prefetchQuery(teamQuery);
        void client.prefetchQuery(devicesQuery);
        void client.prefetchQuery(nudgeQuery);
        // The state every incident carries first: the largest, and part of the list's. Then the first
        // localized date, which who is on call shows ("until Fri 12:00").
        inTurn([
          ...[IncidentState, IncidentList, OnCall, Team, DeviceList, Nudge].map(building),
          () => void handoffTime(new Date().toISOString()),
        ]);
      });
    },
  });

/** Folds events (live or from an action) into a cached incident with the same reducer the server uses. */
export function applyTimelineEvents(client: QueryClient, incidentId: string, events: TimelineEvent[]): void {
  client.setQueryData<IncidentView>(keys.incident(incidentId), (view) => {
    if (!view) return view;
    const timeline = mergeTimeline(view.timeline, events);
    return { ...view, timeline, state: foldIncident(timeline) };
  });
}
