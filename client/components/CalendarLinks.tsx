import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CalendarLinks as Links } from '../../shared/api.js';
import { api } from '../api.js';
import { ConfirmButton } from './ConfirmButton.js';
import { Button, Card, ErrorText } from './ui.js';

/** Calendar apps subscribe to webcal: links; the URL carries its own private token. */
const webcal = (path: string) => new URL(path, location.origin).href.replace(/^https?:/, 'webcal:');

function CalendarLink({ label, path }: { label: string; path: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(new URL(path, location.origin).href);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <li className="flex items-center gap-3">
      <a
        href={webcal(path)}
        className="flex min-h-12 flex-1 items-center font-medium text-orange-600 underline dark:text-orange-400"
      >
        {label}
      </a>
      <Button onClick={() => void copy()} aria-label={`Copy link: ${label}`}>
        {copied ? 'Copied ✓' : 'Copy link'}
      </Button>
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
      <p className="text-slate-600 dark:text-slate-400">Private links: anyone with one can read that calendar.</p>
      <ul className="flex flex-col gap-2">
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
