/**
 * The floor under bench/client's numbers: React DOM drawing five incident rows and nothing else (no data to
 * fetch, no router, no query cache, no styles). onpoint's list cannot show sooner than this on the same machine,
 * browser and throttling. Built twice: as a module for a cold first visit (react.html, no service worker), and as
 * one classic script a worker precaches, for a start offline from V8's code cache (worker-react.html).
 */
import { createRoot } from 'react-dom/client';
import { INCIDENT_TITLE_TIMING } from '../../../client/element-timing.js';

const rows = Array.from({ length: 5 }, (_, i) => ({
  id: `incident-${i}`,
  title: 'Checkout API 5xx rate above 5% for 5m',
  at: new Date(Date.now() - i * 60_000).toISOString(),
}));

function List() {
  return (
    <ul>
      {rows.map((row) => (
        <li key={row.id} elementtiming={INCIDENT_TITLE_TIMING}>
          <a href={`/incidents/${row.id}`}>{row.title}</a> <time dateTime={row.at}>{row.at}</time>
        </li>
      ))}
    </ul>
  );
}

createRoot(document.getElementById('root')!).render(<List />);
