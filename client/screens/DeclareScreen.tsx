import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { Declared } from '../../shared/api.js';
import { api } from '../api.js';
import { TopBar } from '../components/TopBar.js';
import { Button, ErrorText, inputClass } from '../components/ui.js';
import { keys, useMe, useTeam } from '../queries.js';

/** "Something is wrong and nothing paged": open an incident by hand, with point from the start. */
export function DeclareScreen() {
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const { data: me } = useMe();
  const { data: team } = useTeam();
  // The id is made once, so a double tap or a retry opens one incident.
  const [form, setForm] = useState(() => ({ id: crypto.randomUUID(), title: '', severity: 'critical', point: '', summary: '' }));
  const declare = useMutation({
    mutationFn: () =>
      api('/api/incidents', Declared, {
        method: 'POST',
        body: { ...form, point: form.point || undefined, summary: form.summary.trim() || undefined },
      }),
    onSuccess: ({ incidentId }) => {
      void client.invalidateQueries({ queryKey: keys.incidents });
      navigate(`/incidents/${incidentId}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    declare.mutate();
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [field]: e.target.value });

  return (
    <>
      <TopBar title="Declare incident" back="/" />
      <main className="mx-auto flex max-w-2xl flex-col gap-4 p-3">
        <p className="px-1 text-muted">
          For trouble no alert caught. It counts as one the alerts missed, so the team can add the alert that would have.
        </p>
        <form aria-label="Declare incident" className="flex flex-col gap-3" onSubmit={submit}>
          <label className="flex flex-col gap-1">
            <span className="font-medium">What is wrong?</span>
            <input className={inputClass} value={form.title} onChange={set('title')} required minLength={3} maxLength={200} />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">Severity</span>
            <select className={inputClass} value={form.severity} onChange={set('severity')}>
              <option value="critical">Critical</option>
              <option value="warning">Warning</option>
              <option value="info">Info</option>
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">Who has point?</span>
            <select className={inputClass} value={form.point} onChange={set('point')}>
              <option value="">Me{me ? ` (${me.name})` : ''}</option>
              {team?.people
                .filter((p) => p.email !== me?.email)
                .map((p) => (
                  <option key={p.email} value={p.email}>
                    {p.name}
                  </option>
                ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">What do you see? (optional)</span>
            <textarea className={`${inputClass} min-h-24 py-3`} value={form.summary} onChange={set('summary')} maxLength={4000} />
          </label>
          <Button kind="primary" type="submit" disabled={declare.isPending}>
            {declare.isPaused ? 'Waiting for a connection…' : declare.isPending ? 'Declaring…' : 'Declare incident'}
          </Button>
          {declare.isPaused && (
            // The query client holds the request while offline and sends it (same id) when the network returns.
            <p role="status" className="rounded-lg bg-amber-100 p-3 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
              No connection: not declared yet. It is sent by itself as soon as onpoint can be reached — keep this screen open. If
              it cannot wait, call the person you need.
            </p>
          )}
          <ErrorText error={declare.error} />
        </form>
      </main>
    </>
  );
}
export default DeclareScreen;
