import { scheduledFor, shiftAt, type Rotation } from './rotation.js';

export type OnCallRole = 'primary' | 'secondary';

/** "Cover me from 18:00 to 23:00": someone else takes a role for a stretch of time. */
export interface Override {
  id: string;
  rotationId: string;
  role: OnCallRole;
  person: string;
  start: Date;
  end: Date;
  createdAt: Date;
}

export interface OnCall {
  rotationId: string;
  primary: string;
  secondary: string | null;
  /** When someone else becomes primary; null when nobody else ever will (a one-person rotation). */
  primaryUntil: Date | null;
  /** The next regular handoff; null for a rotation without shifts. */
  shiftEnd: Date | null;
  /** The rotation's primary for the next shift (overrides aside). */
  nextPrimary: string;
}

/** Among the overrides covering `at` for a role, the one made last wins. */
function overrideAt(overrides: readonly Override[], rotationId: string, role: OnCallRole, at: Date): Override | null {
  let winner: Override | null = null;
  for (const o of overrides) {
    if (o.rotationId !== rotationId || o.role !== role || o.start > at || o.end <= at) continue;
    if (!winner || o.createdAt >= winner.createdAt) winner = o;
  }
  return winner;
}

/** The next moment after `at` when anything about a role can change: an override starting or ending. */
function nextOverrideEdge(overrides: readonly Override[], rotationId: string, role: OnCallRole, at: Date): number {
  let next = Infinity;
  for (const o of overrides) {
    if (o.rotationId !== rotationId || o.role !== role) continue;
    for (const edge of [o.start.getTime(), o.end.getTime()]) if (edge > at.getTime() && edge < next) next = edge;
  }
  return next;
}

const shiftOf = (rotation: Rotation, at: Date) => (rotation.shift ? shiftAt(rotation.shift, at) : null);

function personAt(rotation: Rotation, overrides: readonly Override[], role: OnCallRole, at: Date): string | null {
  return overrideAt(overrides, rotation.id, role, at)?.person ?? scheduledFor(rotation, shiftOf(rotation, at)?.index ?? 0)[role];
}

/** Edges where someone else may take over, looked at this many times before giving up on finding a change. */
const MAX_EDGES = 200;

/** The first instant after `at` when a different person is primary (a one-person rotation may never change). */
function primaryChangesAt(rotation: Rotation, overrides: readonly Override[], at: Date, primary: string): Date | null {
  let t = at;
  for (let i = 0; i < MAX_EDGES; i++) {
    const edge = Math.min(
      shiftOf(rotation, t)?.end.getTime() ?? Infinity,
      nextOverrideEdge(overrides, rotation.id, 'primary', t),
    );
    if (edge === Infinity) return null;
    t = new Date(edge);
    if (personAt(rotation, overrides, 'primary', t) !== primary) return t;
  }
  return null;
}

/**
 * When the scheduled secondary covers the primary, the two swap: the displaced primary becomes
 * secondary, so the second level never pages the same person twice.
 */
function secondaryAt(rotation: Rotation, overrides: readonly Override[], at: Date, primary: string): string | null {
  const covering = overrideAt(overrides, rotation.id, 'secondary', at);
  if (covering) return covering.person;
  const scheduled = scheduledFor(rotation, shiftOf(rotation, at)?.index ?? 0);
  return scheduled.secondary === primary && scheduled.primary !== primary ? scheduled.primary : scheduled.secondary;
}

/** Who is on call in a rotation at an instant. Pure: the clock is an argument. */
export function onCallAt(rotation: Rotation, overrides: readonly Override[], at: Date): OnCall {
  const shift = shiftOf(rotation, at);
  const primary = personAt(rotation, overrides, 'primary', at)!;
  return {
    rotationId: rotation.id,
    primary,
    secondary: secondaryAt(rotation, overrides, at, primary),
    primaryUntil: primaryChangesAt(rotation, overrides, at, primary),
    shiftEnd: shift?.end ?? null,
    nextPrimary: scheduledFor(rotation, (shift?.index ?? -1) + 1).primary,
  };
}
