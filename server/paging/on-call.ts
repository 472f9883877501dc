import type { Config } from '../config/load.js';

/**
 * Who is paged first: the first member of the team's first rotation. Shifts, overrides and
 * escalation levels refine this later; until then the config's order is the on-call order.
 */
export function primaryOnCall(config: Pick<Config, 'rotations'>): string {
  return config.rotations[0].members[0];
}
