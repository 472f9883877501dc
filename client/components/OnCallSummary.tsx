import { Link } from 'wouter';
import type { OnCallNow, Team } from '../../shared/api.js';
import { handoffTime, nameOf } from '../format.js';
import { useMe, useOnCall, useTeam } from '../queries.js';

function describe(rotation: OnCallNow, me: string | undefined, team: Team | undefined): string {
  const until = rotation.primaryUntil ? ` until ${handoffTime(rotation.primaryUntil)}` : '';
  if (rotation.primary === me) return `You are primary${until}`;
  const primary = `${nameOf(team, rotation.primary)} is primary${until}`;
  if (rotation.secondary === me) return `You are secondary · ${primary}`;
  return rotation.secondary ? `${primary}, ${nameOf(team, rotation.secondary)} is secondary` : primary;
}

/** Who gets paged, in one line per rotation: the first thing to know when opening a pager. */
export function OnCallSummary() {
  const { data: rotations } = useOnCall();
  const { data: me } = useMe();
  const { data: team } = useTeam();
  if (!rotations) return null;
  return (
    <section aria-label="On call now" className="flex flex-col gap-1 px-1">
      {rotations.map((rotation) => (
        <p key={rotation.rotationId}>
          <span className="text-sm text-muted">{rotation.name}: </span>
          <span className={rotation.primary === me?.email ? 'font-semibold text-accent' : 'font-medium'}>
            {describe(rotation, me?.email, team)}
          </span>
        </p>
      ))}
      <div className="flex flex-wrap gap-x-5">
        <Link href="/schedule" className="flex min-h-11 items-center font-medium text-accent underline">
          Schedule, swaps and cover
        </Link>
        {rotations.some((r) => r.shiftEnd) && (
          <Link href="/handoff" className="flex min-h-11 items-center font-medium text-accent underline">
            Last handoff
          </Link>
        )}
      </div>
    </section>
  );
}
