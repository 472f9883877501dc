import type { OutboxEntry } from '../offline/db.js';
import { dismissRejected } from '../outbox/queue.js';
import { clockTime } from '../format.js';
import { Button, statusLine } from './ui.js';

const NOUNS: Record<string, string> = {
  ack: 'Acknowledgement',
  resolve: 'Resolution',
  handoff: 'Handoff',
  join: 'Join',
  escalate: 'Escalation',
  note: 'Note',
  actionable: 'Review',
};

const plural = (n: number) => (n === 1 ? '1 action' : `${n} actions`);

/** Actions waiting on this device, and ones the server refused, with why. */
export function OutboxStatus({ entries }: { entries: OutboxEntry[] }) {
  const waiting = entries.filter((e) => !e.rejected);
  const rejected = entries.filter((e) => e.rejected);
  if (!entries.length) return null;
  return (
    <section aria-label="Outbox" className="flex flex-col gap-2">
      {waiting.length > 0 && (
        <p role="status" className="rounded-lg bg-amber-100 p-3 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          <strong>{plural(waiting.length)} queued</strong> on this device, sent as soon as onpoint can be reached. You can close
          the app: nothing is lost.
        </p>
      )}
      {rejected.map((entry) => (
        <div
          key={entry.id}
          role="alert"
          className="flex flex-col gap-2 rounded-lg bg-red-100 p-3 text-red-950 dark:bg-red-950 dark:text-red-100"
        >
          <p>
            <strong>
              {NOUNS[entry.action.type] ?? 'Action'} from {clockTime(entry.action.occurredAt)} was not recorded:
            </strong>{' '}
            {entry.rejected?.message}
          </p>
          <Button className="self-start" onClick={() => void dismissRejected(entry.id)}>
            Dismiss
          </Button>
        </div>
      ))}
    </section>
  );
}

/** On the home screen: how many actions wait, across incidents. */
export function QueuedCount({ entries }: { entries: OutboxEntry[] }) {
  const waiting = entries.filter((e) => !e.rejected).length;
  const rejected = entries.length - waiting;
  if (!entries.length) return null;
  return (
    <p role="status" className={`${statusLine} text-amber-900 dark:text-amber-200`}>
      {waiting > 0 && <strong>{plural(waiting)} queued</strong>}
      {waiting > 0 && ', sent as soon as onpoint can be reached.'}
      {rejected > 0 && ` ${plural(rejected)} not recorded: open the incident to see why.`}
    </p>
  );
}
