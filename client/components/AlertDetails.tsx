import type { IncidentDetails } from '../../shared/api.js';

function LinkButton({ href, children }: { href: string; children: string }) {
  // Only web links: an alert's annotations come from outside and could hold javascript: URLs.
  if (!/^https?:\/\//i.test(href)) return null;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="flex min-h-12 items-center rounded-lg bg-slate-200 px-3 font-medium dark:bg-slate-800"
    >
      {children} ↗
    </a>
  );
}

/** Alert text is untrusted: React renders it as text, never as HTML. */
export function AlertDetails({ details }: { details: IncidentDetails }) {
  const firing = details.alerts.filter((a) => a.status === 'firing').length;
  return (
    <section
      aria-label="Alert details"
      className="flex flex-col gap-3 rounded-2xl bg-slate-100 p-4 break-words dark:bg-slate-900"
    >
      <h2 className="text-sm font-bold tracking-wide text-muted uppercase">Alert</h2>
      {details.summary && <p className="text-lg font-medium">{details.summary}</p>}
      {details.description && <p>{details.description}</p>}
      <div className="flex flex-wrap gap-2">
        {details.runbookUrl && <LinkButton href={details.runbookUrl}>Runbook</LinkButton>}
        {details.dashboardUrl && <LinkButton href={details.dashboardUrl}>Dashboard</LinkButton>}
        {details.generatorUrl && <LinkButton href={details.generatorUrl}>Source query</LinkButton>}
        {details.links?.map((link, i) => (
          <LinkButton key={i} href={link.url}>
            {link.title}
          </LinkButton>
        ))}
      </div>
      {details.alerts.length > 1 || details.truncatedAlerts > 0 || (details.droppedAlerts ?? 0) > 0 ? (
        <div>
          <p className="font-medium">
            {firing} of {details.alerts.length + details.truncatedAlerts + (details.droppedAlerts ?? 0)} alerts firing
          </p>
          <ul className="mt-1 flex flex-col gap-1">
            {details.alerts.map((a) => (
              <li key={a.fingerprint} className={a.status === 'resolved' ? 'text-muted line-through' : ''}>
                {a.summary ?? a.labels.instance ?? a.fingerprint}
              </li>
            ))}
          </ul>
          {details.truncatedAlerts > 0 && (
            <p className="mt-1 text-muted">
              + {details.truncatedAlerts} more not shown (Alertmanager sent only the first {details.alerts.length})
            </p>
          )}
          {(details.droppedAlerts ?? 0) > 0 && (
            <p className="mt-1 text-muted">
              + {details.droppedAlerts} more not kept (onpoint keeps {details.alerts.length} alerts of a group, firing and most
              urgent first)
            </p>
          )}
        </div>
      ) : null}
      {details.alerts[0] && (
        <ul className="flex flex-wrap gap-1 text-sm" aria-label="Labels">
          {Object.entries(details.alerts[0].labels).map(([k, v]) => (
            <li key={k} className="rounded bg-slate-200 px-2 py-0.5 font-mono dark:bg-slate-800">
              {k}={v}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
