/**
 * The floor under bench/client's numbers: React DOM drawing five incident rows and nothing else (no data to
 * fetch, no router, no query cache, no service worker, no styles). onpoint's list cannot show sooner than this
 * on the same machine, browser and throttling.
 */
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { LIST_VISIBLE_MARK, markOnce } from '../../../client/perf-marks.js';

const rows = Array.from({ length: 5 }, (_, i) => ({
  id: `incident-${i}`,
  title: 'Checkout API 5xx rate above 5% for 5m',
  at: new Date(Date.now() - i * 60_000).toISOString(),
}));

function List() {
  useEffect(() => markOnce(LIST_VISIBLE_MARK), []);
  return (
    <ul>
      {rows.map((row) => (
        <li key={row.id}>
          <a href={`/incidents/${row.id}`}>{row.title}</a> <time dateTime={row.at}>{row.at}</time>
        </li>
      ))}
    </ul>
  );
}

createRoot(document.getElementById('root')!).render(<List />);
