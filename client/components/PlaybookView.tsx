import type { MouseEvent } from 'react';
import type { Playbook } from '../../shared/api.js';

/** Copies the command next to a Copy button; the click is delegated because the Markdown is static HTML. */
async function copyCommand(event: MouseEvent<HTMLDivElement>) {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-copy]');
  const code = button?.closest('.code-block')?.querySelector('code');
  if (!button || !code) return;
  try {
    await navigator.clipboard.writeText(code.textContent ?? '');
    button.textContent = 'Copied ✓';
  } catch {
    button.textContent = 'Copy failed';
  }
  setTimeout(() => (button.textContent = 'Copy'), 2000);
}

export function PlaybookView({ playbook }: { playbook: Playbook }) {
  return (
    <section aria-label="Playbook" className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-900">
      <p className="text-sm font-bold tracking-wide text-muted uppercase">Playbook</p>
      <h2 className="text-xl font-semibold">{playbook.title}</h2>
      {playbook.impact && (
        <p className="mt-2 rounded-lg bg-red-50 p-3 dark:bg-red-950/50">
          <strong>Impact:</strong> {playbook.impact}
        </p>
      )}
      {playbook.dashboards.length > 0 && (
        <div className="mt-3 flex flex-wrap gap-2">
          {playbook.dashboards.map((d) => (
            <a
              key={d.url}
              href={d.url}
              target="_blank"
              rel="noopener noreferrer"
              className="flex min-h-12 items-center rounded-lg bg-slate-200 px-3 font-medium dark:bg-slate-800"
            >
              {d.title} ↗
            </a>
          ))}
        </div>
      )}
      {/* Rendered on the server by markdown-it with raw HTML disabled, so it cannot carry script. The click
          handler only catches clicks bubbling from the Copy <button>s inside, which keyboards reach as usual. */}
      {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions */}
      <div
        className="playbook"
        onClick={(event) => void copyCommand(event)}
        dangerouslySetInnerHTML={{ __html: playbook.html }}
      />
    </section>
  );
}
