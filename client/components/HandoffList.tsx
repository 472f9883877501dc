import type { OnCallNow } from '../../shared/api.js';
import type { Team } from '../../shared/api.js';
import { Button } from './ui.js';

function rolesOf(email: string, rotations: OnCallNow[] | undefined): string[] {
  return (rotations ?? []).flatMap((r) => [
    ...(r.primary === email ? [`${r.name} primary`] : []),
    ...(r.secondary === email ? [`${r.name} secondary`] : []),
  ]);
}

/** The second tap of a handoff: who is on call and who can be reached, at a glance. */
export function HandoffList({
  team,
  rotations,
  exclude,
  onPick,
  onCancel,
}: {
  team: Team;
  rotations: OnCallNow[] | undefined;
  exclude: string | null;
  onPick: (email: string) => void;
  onCancel: () => void;
}) {
  const people = team.people.filter((p) => p.email !== exclude);
  return (
    <section aria-label="Hand point to" className="flex flex-col gap-2 rounded-2xl bg-slate-100 p-3 dark:bg-slate-900">
      <h2 className="px-1 font-semibold">Hand point to…</h2>
      <ul className="flex flex-col gap-2">
        {people.map((person) => {
          const roles = rolesOf(person.email, rotations);
          const reach =
            person.devices > 0 ? `${person.devices} device${person.devices === 1 ? '' : 's'}` : 'no device: cannot be paged';
          return (
            <li key={person.email}>
              <Button className="w-full text-left" onClick={() => onPick(person.email)}>
                <span className="block">{person.name}</span>
                <span className="block text-sm font-normal text-slate-600 dark:text-slate-400">
                  {[...roles, person.lead ? 'lead' : null, reach].filter(Boolean).join(' · ')}
                </span>
              </Button>
            </li>
          );
        })}
      </ul>
      <Button onClick={onCancel}>Cancel</Button>
    </section>
  );
}
