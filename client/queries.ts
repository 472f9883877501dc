import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ActionBody } from '../shared/actions.js';
import type { ActionResult, Device, IncidentSummary, IncidentView, Me, OnCallNow } from '../shared/api.js';
import { foldIncident, mergeTimeline } from '../shared/reducer.js';
import type { TimelineEvent } from '../shared/timeline.js';
import { api, ApiError } from './api.js';

export interface Team {
  name: string;
  people: { email: string; name: string; lead: boolean; devices: number }[];
}

export const keys = {
  me: ['me'] as const,
  team: ['team'] as const,
  incidents: ['incidents'] as const,
  incident: (id: string) => ['incident', id] as const,
  devices: ['devices'] as const,
  onCall: ['oncall'] as const,
};

export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await api<Me>('/api/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: Infinity,
  });
}

export const useTeam = () => useQuery({ queryKey: keys.team, queryFn: () => api<Team>('/api/team'), staleTime: 5 * 60_000 });

export const useOnCall = () =>
  useQuery({
    queryKey: keys.onCall,
    queryFn: async () => (await api<{ rotations: OnCallNow[] }>('/api/oncall')).rotations,
    // Handoffs happen on the minute; a minute late is fine for a label.
    refetchInterval: 60_000,
  });

export const useIncidents = () =>
  useQuery({
    queryKey: keys.incidents,
    queryFn: async () => (await api<{ incidents: IncidentSummary[] }>('/api/incidents')).incidents,
  });

export const useIncident = (id: string) =>
  useQuery({ queryKey: keys.incident(id), queryFn: () => api<IncidentView>(`/api/incidents/${encodeURIComponent(id)}`) });

export const useDevices = () =>
  useQuery({ queryKey: keys.devices, queryFn: async () => (await api<{ devices: Device[] }>('/api/devices')).devices });

/** Folds events (live or from an action) into a cached incident with the same reducer the server uses. */
export function applyTimelineEvents(client: QueryClient, incidentId: string, events: TimelineEvent[]): void {
  client.setQueryData<IncidentView>(keys.incident(incidentId), (view) => {
    if (!view) return view;
    const timeline = mergeTimeline(view.timeline, events);
    return { ...view, timeline, state: foldIncident(timeline) };
  });
}

/** An action as a screen asks for it; the id and the device time are added when it is sent. */
type NewAction = ActionBody extends infer A ? (A extends unknown ? Omit<A, 'id' | 'occurredAt'> : never) : never;

/**
 * An incident action. The id and the device time are fixed when the person taps, so an action held
 * while offline (TanStack Query pauses it until the connection returns) still says when it happened,
 * and a retry can never count twice.
 */
export function useIncidentAction(incidentId: string) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (action: ActionBody) =>
      api<ActionResult>(`/api/incidents/${encodeURIComponent(incidentId)}/actions`, { method: 'POST', body: action }),
    onSuccess: (result) => {
      applyTimelineEvents(client, incidentId, [result.event]);
      void client.invalidateQueries({ queryKey: keys.incidents });
    },
  });
  const act = (action: NewAction, options?: { onSuccess?: () => void }) =>
    mutation.mutate({ ...action, id: crypto.randomUUID(), occurredAt: new Date().toISOString() } as ActionBody, options);
  return { ...mutation, act };
}
