import { useQuery, type QueryClient } from '@tanstack/react-query';
import { DeviceList, IncidentList, IncidentView, Me, OnCall, Team } from '../shared/api.js';
import { foldIncident, mergeTimeline } from '../shared/reducer.js';
import type { TimelineEvent } from '../shared/timeline.js';
import { api, ApiError } from './api.js';

export const keys = {
  me: ['me'] as const,
  team: ['team'] as const,
  incidents: ['incidents'] as const,
  incident: (id: string) => ['incident', id] as const,
  devices: ['devices'] as const,
  onCall: ['oncall'] as const,
  insights: ['insights'] as const,
};

/** The timeline moved (an action sent, a live event): the list and any open Insights screen are refetched. */
export function refreshAfterTimelineChange(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: keys.incidents });
  void client.invalidateQueries({ queryKey: keys.insights });
}

export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await api('/api/me', Me);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    // Restored from the device at start; checked again now and then, so an ended session shows the login.
    staleTime: 5 * 60_000,
  });
}

export const useTeam = () => useQuery({ queryKey: keys.team, queryFn: () => api('/api/team', Team), staleTime: 5 * 60_000 });

export const useOnCall = () =>
  useQuery({
    queryKey: keys.onCall,
    queryFn: async () => (await api('/api/oncall', OnCall)).rotations,
    // Handoffs happen on the minute; a minute late is fine for a label.
    refetchInterval: 60_000,
  });

const fetchIncident = (id: string) => api(`/api/incidents/${encodeURIComponent(id)}`, IncidentView);

/** Open incidents a device keeps in full, so each opens with its timeline when the signal is gone. */
const KEEP_OPEN_INCIDENTS = 20;

export const useIncidents = () =>
  useQuery({
    queryKey: keys.incidents,
    queryFn: async ({ client }) => {
      const { incidents } = await api('/api/incidents', IncidentList);
      for (const incident of incidents.filter((i) => i.state.status !== 'resolved').slice(0, KEEP_OPEN_INCIDENTS)) {
        // The live stream keeps a cached incident current, so one download each is enough.
        void client.prefetchQuery({
          queryKey: keys.incident(incident.id),
          queryFn: () => fetchIncident(incident.id),
          staleTime: Infinity,
        });
      }
      return incidents;
    },
  });

export const useIncident = (id: string) => useQuery({ queryKey: keys.incident(id), queryFn: () => fetchIncident(id) });

export const fetchDevices = async () => (await api('/api/devices', DeviceList)).devices;

export const useDevices = () => useQuery({ queryKey: keys.devices, queryFn: fetchDevices });

/** Folds events (live or from an action) into a cached incident with the same reducer the server uses. */
export function applyTimelineEvents(client: QueryClient, incidentId: string, events: TimelineEvent[]): void {
  client.setQueryData<IncidentView>(keys.incident(incidentId), (view) => {
    if (!view) return view;
    const timeline = mergeTimeline(view.timeline, events);
    return { ...view, timeline, state: foldIncident(timeline) };
  });
}
