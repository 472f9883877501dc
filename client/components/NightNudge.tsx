import { shortTime } from '../format.js';
import { useNudge } from '../queries.js';
import { statusLine } from './ui.js';

/** After a night page: a word to look after yourself, for the rest of the day. */
export function NightNudge() {
  const { data } = useNudge();
  if (!data?.nightPageAt) return null;
  return (
    <p role="status" data-testid="night-nudge" className={`${statusLine} text-sky-900 dark:text-sky-200`}>
      You were paged at {shortTime(data.nightPageAt)} — take time back today.
    </p>
  );
}
