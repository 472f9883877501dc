import { useState } from 'react';
import { Link } from 'wouter';
import { TopBar } from '../components/TopBar.js';
import { inputClass } from '../components/ui.js';
import { useStoredPlaybooks } from '../device-queries.js';

/** Every playbook on this device, searchable with no signal. */
export function PlaybookLibraryScreen() {
  const [query, setQuery] = useState('');
  const playbooks = useStoredPlaybooks(query.trim());
  return (
    <>
      <TopBar title="Playbooks" back="/" />
      <main className="mx-auto flex max-w-2xl flex-col gap-4 p-3">
        <input
          type="search"
          aria-label="Search playbooks"
          placeholder="Search: alert, service, command…"
          className={inputClass}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {playbooks.data?.length === 0 && (
          <p className="px-1 text-lg">
            {query.trim()
              ? `No playbook mentions “${query.trim()}”.`
              : 'No playbooks on this device yet: they download when onpoint can be reached.'}
          </p>
        )}
        <ul className="flex flex-col gap-3">
          {playbooks.data?.map((playbook) => (
            <li key={playbook.slug}>
              <Link
                href={`/playbooks/${playbook.slug}`}
                className="block rounded-2xl bg-slate-100 p-4 active:bg-slate-200 dark:bg-slate-900 dark:active:bg-slate-800"
              >
                <p className="text-lg font-semibold">{playbook.title}</p>
                {playbook.alerts.length > 0 && <p className="text-sm text-muted">For: {playbook.alerts.join(', ')}</p>}
                {playbook.impact && <p className="mt-1 text-muted">{playbook.impact}</p>}
              </Link>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
export default PlaybookLibraryScreen;
