import { useQuery } from '@tanstack/react-query';
import { Nudge } from '../../shared/api.js';
import { api } from '../api.js';
import { statusLine } from './ui.js';

/** After a night page: a word to look after yourself, for the rest of the day. */
export function NightNudge() {
  const { data } = useQuery({ queryKey: ['nudge'], queryFn: () => api('/api/me/nudge', Nudge), staleTime: 10 * 60_000 });
  if (!data?.nightPageAt) return null;
  const at = new Date(data.nightPageAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <p role="status" data-testid="night-nudge" className={`${statusLine} text-sky-900 dark:text-sky-200`}>
      You were paged at {at} — take time back today.
    </p>
  );
}
