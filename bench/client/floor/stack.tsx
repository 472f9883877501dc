/**
 * The floor of a first online visit with onpoint's stack and nothing of its screens: React DOM, TanStack
 * Query and the shared zod schemas, asking who is logged in and then for the incident list (as the app
 * does), checking both answers with their schemas, and drawing the rows bare. What is left between this and
 * bench/client's "cold, online" row is onpoint's own code (screens, styles, the offline copy, the worker).
 */
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import type { z } from 'zod';
import { IncidentList, WhoAmI } from '../../../shared/api.js';
import { INCIDENT_TITLE_TIMING } from '../../../client/element-timing.js';

async function get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin' });
  return schema.parse(await response.json());
}

function List() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => get('/api/me', WhoAmI) });
  const list = useQuery({
    queryKey: ['incidents'],
    queryFn: () => get('/api/incidents', IncidentList),
    enabled: !!me.data?.person,
  });
  const incidents = list.data?.incidents;
  if (!incidents) return <p>Loading…</p>;
  return (
    <ul>
      {incidents.map((incident) => (
        <li key={incident.id} elementtiming={INCIDENT_TITLE_TIMING}>
          <a href={`/incidents/${incident.id}`}>{incident.title}</a> {incident.state.status}
        </li>
      ))}
    </ul>
  );
}

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={new QueryClient()}>
    <List />
  </QueryClientProvider>,
);
