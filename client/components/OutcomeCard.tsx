import type { Team } from '../../shared/api.js';
import type { ActionOutcome, DeviceOutcome, PersonOutcome } from '../action-outcome.js';
import { nameOf, shortTime } from '../format.js';

function deviceLine(name: string, device: DeviceOutcome): string {
  if (device.status === 'delivered') return `sent · delivered to ${name} · ${device.name} ✓`;
  if (device.status === 'failed') return `could not page ${name} · ${device.name}: ${device.reason ?? 'refused'}`;
  return `sent to ${name} · ${device.name} · waiting for the phone to confirm`;
}

function PersonLines({ person, team }: { person: PersonOutcome; team: Team | undefined }) {
  const name = nameOf(team, person.person);
  if (person.noDevice) {
    return <li className="font-semibold text-red-800 dark:text-red-300">{name} cannot be paged: no device</li>;
  }
  if (person.devices.length === 0) return <li>{name}: sending…</li>;
  return (
    <>
      {person.devices.map((device) => (
        <li key={device.deviceId} className={device.status === 'failed' ? 'text-red-800 dark:text-red-300' : undefined}>
          {deviceLine(name, device)}
        </li>
      ))}
    </>
  );
}

function headline({ action, paging, level }: ActionOutcome, team: Team | undefined): string {
  const at = shortTime(action.occurredAt);
  if (action.type === 'ack') return `You acknowledged at ${at} and have point: nobody else is paged unless you escalate.`;
  if (action.type === 'handoff') return `You handed point to ${nameOf(team, action.to)} at ${at}.`;
  if (!paging) return `You asked to escalate at ${at}: onpoint is choosing who to page…`;
  if (paging.length === 0) return `You escalated at ${at}, but nobody is on call at the next level (${level}).`;
  return `You escalated at ${at}: paging ${paging.map((p) => nameOf(team, p.person)).join(', ')} (${level}).`;
}

/** Right after a tap, above the fold: what it did, and who it reached, as the receipts come in. */
export function OutcomeCard({ outcome, team }: { outcome: ActionOutcome; team: Team | undefined }) {
  return (
    <section
      aria-label="What happened"
      role="status"
      data-testid="outcome"
      className="flex flex-col gap-1 rounded-2xl border border-slate-300 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
    >
      <p className="font-semibold">{headline(outcome, team)}</p>
      {outcome.paging && outcome.paging.length > 0 && (
        <ul className="flex flex-col gap-1">
          {outcome.paging.map((person) => (
            <PersonLines key={person.person} person={person} team={team} />
          ))}
        </ul>
      )}
    </section>
  );
}
