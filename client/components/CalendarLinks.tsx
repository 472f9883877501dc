import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CalendarLinks as Links } from '../../shared/api.js';
import { api } from '../api.js';
import { opensWebcal } from '../apple-platform.js';
import { ConfirmButton } from './ConfirmButton.js';
import { Button, Card, ErrorText, inputClass } from './ui.js';

/** The feed's address on this server; it carries its own private token. */
const httpsUrl = (path: string) => new URL(path, location.origin).href;
/** Apple Calendar subscribes from a webcal: link; Android, Windows and Linux open nothing for it, so it is offered on Apple's platforms only. */
const webcal = (path: string) => httpsUrl(path).replace(/^https?:/, 'webcal:');
/** Google Calendar subscribes from its own page, given the feed's webcal address. */
const google = (path: string) => `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal(path))}`;

const appleCalendar = opensWebcal(navigator);

const linkClass = 'flex min-h-12 items-center font-medium text-orange-700 underline dark:text-orange-300';

function CalendarLink({ label, path }: { label: string; path: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(httpsUrl(path));
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <li className="flex flex-col gap-1">
      <h3 className="font-semibold">{label}</h3>
      <div className="flex gap-2">
        <input
          readOnly
          aria-label={`Subscribe link: ${label}`}
          className={`${inputClass} min-w-0 flex-1 font-mono text-sm`}
          value={httpsUrl(path)}
          onFocus={(e) => e.target.select()}
        />
        <Button onClick={() => void copy()} aria-label={`Copy link: ${label}`}>
          {copied ? 'Copied ✓' : 'Copy'}
        </Button>
      </div>
      <div className="flex flex-wrap gap-x-4">
        <a href={google(path)} target="_blank" rel="noopener noreferrer" className={linkClass}>
          Add to Google Calendar
        </a>
        {appleCalendar && (
          <a href={webcal(path)} className={linkClass}>
            Add to Apple Calendar
          </a>
        )}
      </div>
    </li>
  );
}

const calendarsKey = ['calendars'];

export function CalendarLinks() {
  const client = useQueryClient();
  const { data } = useQuery({ queryKey: calendarsKey, queryFn: () => api('/api/calendars', Links), staleTime: Infinity });
  const reset = useMutation({
    mutationFn: () => api('/api/calendars/reset', Links, { method: 'POST', body: {} }),
    onSuccess: (links) => client.setQueryData(calendarsKey, links),
  });
  if (!data) return null;
  return (
    <Card className="flex flex-col gap-2">
      <h2 className="text-lg font-semibold">In your calendar</h2>
      <p className="text-muted">
        Private links: anyone with one can read that calendar. Paste one into any calendar app that subscribes to a link, or add
        it in one tap.
      </p>
      <ul className="flex flex-col gap-4">
        <CalendarLink label="My shifts" path={data.mine} />
        {data.rotations.map((r) => (
          <CalendarLink key={r.id} label={r.name} path={r.url} />
        ))}
      </ul>
      <ConfirmButton
        label="Reset calendar links"
        question="Make new links? Calendars subscribed to the old ones stop updating: subscribe again with the new links."
        confirmLabel="Yes, reset my calendar links"
        onConfirm={() => reset.mutate()}
        busy={reset.isPending}
      />
      {reset.isSuccess && <p aria-live="polite">✓ New links above; the old ones no longer work.</p>}
      <ErrorText error={reset.error} />
    </Card>
  );
}
