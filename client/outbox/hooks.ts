import { useEffect, useState } from 'react';
import type { ActionBody } from '../../shared/actions.js';
import type { OutboxEntry } from '../offline/db.js';
import { enqueueAction, listOutbox } from './queue.js';
import { onOutboxChange } from './channel.js';
import { flushOutboxNow } from './page-sender.js';
import { useMe } from '../queries.js';

/** This person's outbox, kept current when it changes anywhere (another tab, a notification tap). */
export function useOutbox(): OutboxEntry[] {
  const { data: me } = useMe();
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  useEffect(() => {
    let current = true;
    const read = () =>
      void listOutbox()
        .then((all) => current && setEntries(all))
        .catch((err: unknown) => console.error('onpoint: cannot read the outbox', err));
    read();
    const stop = onOutboxChange(read);
    return () => {
      current = false;
      stop();
    };
  }, []);
  return me ? entries.filter((e) => e.email === me.email) : [];
}

/** An action as a screen asks for it; the id and the device time are added at the tap. */
export type NewAction = ActionBody extends infer A ? (A extends unknown ? Omit<A, 'id' | 'occurredAt'> : never) : never;

/**
 * Takes an action on an incident: into the outbox first (so it survives no signal, a closed tab, a
 * dead battery), then sent. The id and device time are fixed at the tap, so the timeline shows when
 * the person acted and a retry can never count twice.
 */
export function useIncidentAction(incidentId: string) {
  const { data: me } = useMe();
  const [error, setError] = useState<Error | null>(null);
  const act = (action: NewAction) => {
    if (!me) return;
    const full = { ...action, id: crypto.randomUUID(), occurredAt: new Date().toISOString() } as ActionBody;
    setError(null);
    enqueueAction(incidentId, me.email, full)
      .then(() => flushOutboxNow())
      .catch((err: unknown) => setError(new Error(`Could not keep this action on the device: ${String(err)}`)));
  };
  return { act, error };
}
