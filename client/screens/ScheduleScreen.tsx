import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { NoContent, OverrideList, OverrideView } from '../../shared/api.js';
import { api } from '../api.js';
import { CalendarLinks } from '../components/CalendarLinks.js';
import { TopBar } from '../components/TopBar.js';
import { Button, Card, ErrorText, inputClass } from '../components/ui.js';
import { handoffTime, nameOf } from '../format.js';
import { keys, useMe, useOnCall, useTeam } from '../queries.js';

/** A datetime-local value (the device's zone) for an instant. */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

export function ScheduleScreen() {
  const client = useQueryClient();
  const { data: me } = useMe();
  const { data: team } = useTeam();
  const { data: rotations } = useOnCall();
  const overrides = useQuery({
    queryKey: ['overrides'],
    queryFn: async () => (await api('/api/overrides', OverrideList)).overrides,
  });
  const [form, setForm] = useState(() => ({
    rotationId: '',
    role: 'primary',
    person: '',
    start: localInput(new Date()),
    end: localInput(new Date(Date.now() + 4 * 3600_000)),
  }));
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['overrides'] });
    void client.invalidateQueries({ queryKey: keys.onCall });
  };
  const add = useMutation({
    mutationFn: () => {
      const start = new Date(form.start);
      const end = new Date(form.end);
      if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw new Error('Pick when the cover starts and ends.');
      if (end <= start) throw new Error('The cover must end after it starts.');
      return api('/api/overrides', OverrideView, {
        method: 'POST',
        body: {
          rotationId: form.rotationId || rotations?.[0]?.rotationId,
          role: form.role,
          person: form.person || me?.email,
          start: start.toISOString(),
          end: end.toISOString(),
        },
      });
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/overrides/${id}`, NoContent, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const rotationName = (id: string) => rotations?.find((r) => r.rotationId === id)?.name ?? id;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };

  return (
    <>
      <TopBar title="Schedule" back="/" />
      <main className="mx-auto flex max-w-2xl flex-col gap-4 p-3 pb-10">
        {rotations?.map((r) => (
          <Card key={r.rotationId}>
            <h2 className="text-lg font-semibold">{r.name}</h2>
            <p>
              Now: <strong>{nameOf(team, r.primary)}</strong> primary
              {r.primaryUntil ? ` until ${handoffTime(r.primaryUntil)}` : ''}
              {r.secondary && <>, {nameOf(team, r.secondary)} secondary</>}
            </p>
            {r.upcoming.length > 0 && (
              <ul
                aria-label={`${r.name} upcoming shifts`}
                className="mt-2 flex flex-col gap-1 text-slate-700 dark:text-slate-300"
              >
                {r.upcoming.map((s) => (
                  <li key={s.start}>
                    {handoffTime(s.start)} → {handoffTime(s.end)}: {nameOf(team, s.primary)}
                    {s.secondary && ` / ${nameOf(team, s.secondary)}`}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ))}

        <Card className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">Swaps and cover</h2>
          {overrides.data?.length === 0 && <p>None planned.</p>}
          <ul className="flex flex-col gap-3">
            {overrides.data?.map((o) => (
              <li key={o.id} className="flex items-center gap-3">
                <p className="flex-1">
                  <strong>{nameOf(team, o.person)}</strong> covers {rotationName(o.rotationId)} {o.role}, {handoffTime(o.start)} →{' '}
                  {handoffTime(o.end)}
                  <span className="block text-sm text-muted">added by {nameOf(team, o.createdBy)}</span>
                </p>
                <Button onClick={() => remove.mutate(o.id)} aria-label={`Remove cover by ${nameOf(team, o.person)}`}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
          <ErrorText error={remove.error} />
        </Card>

        <CalendarLinks />

        <form
          onSubmit={submit}
          aria-label="Add cover"
          className="flex flex-col gap-3 rounded-2xl bg-slate-100 p-4 dark:bg-slate-900"
        >
          <h2 className="text-lg font-semibold">Add cover</h2>
          <label className="flex flex-col gap-1">
            <span className="font-medium">Who covers</span>
            <select
              className={inputClass}
              value={form.person || me?.email}
              onChange={(e) => setForm({ ...form, person: e.target.value })}
            >
              {team?.people.map((p) => (
                <option key={p.email} value={p.email}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <div className="grid grid-cols-2 gap-3">
            <label className="flex flex-col gap-1">
              <span className="font-medium">Rotation</span>
              <select
                className={inputClass}
                value={form.rotationId}
                onChange={(e) => setForm({ ...form, rotationId: e.target.value })}
              >
                {rotations?.map((r) => (
                  <option key={r.rotationId} value={r.rotationId}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1">
              <span className="font-medium">As</span>
              <select className={inputClass} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
                <option value="primary">primary</option>
                <option value="secondary">secondary</option>
              </select>
            </label>
          </div>
          <label className="flex flex-col gap-1">
            <span className="font-medium">From</span>
            <input
              className={inputClass}
              type="datetime-local"
              value={form.start}
              onChange={(e) => setForm({ ...form, start: e.target.value })}
            />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">To</span>
            <input
              className={inputClass}
              type="datetime-local"
              value={form.end}
              onChange={(e) => setForm({ ...form, end: e.target.value })}
            />
          </label>
          <ErrorText error={add.error} />
          <Button kind="primary" type="submit" disabled={add.isPending}>
            Add cover
          </Button>
        </form>
      </main>
    </>
  );
}
export default ScheduleScreen;
