import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SessionView } from '../../shared/api.js';
import { api } from '../api.js';
import { dateAndTime, shortDate } from '../format.js';
import { useOutbox } from '../outbox/hooks.js';
import { useMe } from '../queries.js';
import { endSession } from '../session.js';
import { ConfirmButton } from './ConfirmButton.js';
import { Card, ErrorText } from './ui.js';

/** Who is logged in here, since when and until when, and a way to end every session at once (a lost phone). */
export function SessionCard() {
  const client = useQueryClient();
  const { data: me } = useMe();
  const { data: session } = useQuery({ queryKey: ['session'], queryFn: () => api('/api/session', SessionView) });
  const waiting = useOutbox().filter((e) => !e.rejected).length;
  const everywhere = useMutation({ mutationFn: () => endSession(client, { everywhere: true }) });

  return (
    <Card className="flex flex-col gap-3">
      <div>
        <p className="text-muted">Logged in as</p>
        <p className="text-lg font-semibold">
          {me?.name} · {me?.email}
        </p>
        {session && (
          <p data-testid="this-session" className="text-muted">
            {session.startedAt && `Logged in since ${dateAndTime(session.startedAt)} · `}
            {session.startedAt ? 'stays' : 'Stays'} logged in until {shortDate(session.expiresAt)}
          </p>
        )}
      </div>
      <ConfirmButton
        label="Log out everywhere"
        question={
          <>
            Log out on every device, this one included? Each will need the password again.
            {waiting > 0 &&
              ` ${waiting === 1 ? '1 action' : `${waiting} actions`} not yet sent from this device will be deleted.`}
          </>
        }
        confirmLabel="Yes, log out everywhere"
        onConfirm={() => everywhere.mutate()}
        busy={everywhere.isPending}
      />
      <ErrorText error={everywhere.error} />
    </Card>
  );
}
