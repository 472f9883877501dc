import { useState } from 'react';
import type { OnCallNow } from '../../shared/api.js';
import type { Team } from '../../shared/api.js';
import { Button } from './ui.js';

function rolesOf(email: string, rotations: OnCallNow[] | undefined): string[] {
  return (rotations ?? []).flatMap((r) => [
    ...(r.primary === email ? [`${r.name} primary`] : []),
    ...(r.secondary === email ? [`${r.name} secondary`] : []),
  ]);
}

/**
 * The second tap of a handoff: who is on call and who can be reached, at a glance. Someone with no device
 * would never hear they have point, so choosing them asks once more.
 */
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
  const [unreachable, setUnreachable] = useState<string | null>(null);
  const people = team.people.filter((p) => p.email !== exclude);
  return (
    <section aria-label="Hand point to" className="flex flex-col gap-2 rounded-2xl bg-slate-100 p-3 dark:bg-slate-900">
      <h2 className="px-1 font-semibold">Hand point to…</h2>
      <ul className="flex flex-col gap-2">
        {people.map((person) => {
          const roles = rolesOf(person.email, rotations);
          const reachable = person.devices > 0;
          return (
            <li key={person.email} className="flex flex-col gap-2">
              <Button
                className="w-full text-left"
                onClick={() => (reachable ? onPick(person.email) : setUnreachable(person.email))}
              >
                <span className="block">{person.name}</span>
                <span className="block text-sm font-normal text-slate-700 dark:text-slate-300">
                  {[
                    ...roles,
                    person.lead ? 'lead' : null,
                    reachable && `${person.devices} device${person.devices === 1 ? '' : 's'}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {!reachable && (
                  <span className="block text-sm font-semibold text-red-800 dark:text-red-300">no device: cannot be paged</span>
                )}
              </Button>
              {unreachable === person.email && (
                <div
                  role="alert"
                  className="flex flex-col gap-2 rounded-xl bg-red-100 p-3 text-red-950 dark:bg-red-950 dark:text-red-100"
                >
                  <p>{person.name} has no device and will not be told. Hand off anyway?</p>
                  <div className="grid grid-cols-2 gap-2">
                    <Button kind="danger" onClick={() => onPick(person.email)}>
                      Hand off anyway
                    </Button>
                    <Button onClick={() => setUnreachable(null)}>No</Button>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <Button onClick={onCancel}>Cancel</Button>
    </section>
  );
}
