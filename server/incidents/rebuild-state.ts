import { REDUCER_VERSION } from '../../shared/reducer.js';
import type { Store } from '../store/store.js';

/** Incidents read per batch: memory stays bounded however many there are. */
const BATCH = 500;
const VERSION_SETTING = 'reducer-version';

export interface Rebuilt {
  incidents: number;
  changed: number;
}

/**
 * Folds every incident's stored state again from its timeline. Safe while servers run: each incident is
 * refolded in its own short transaction that re-reads its events, so an append is never lost or doubled.
 */
export async function rebuildIncidentStates(store: Pick<Store, 'listIncidentIds' | 'refoldIncident'>): Promise<Rebuilt> {
  let incidents = 0;
  let changed = 0;
  for (let after = ''; ;) {
    const ids = await store.listIncidentIds(after, BATCH);
    if (ids.length === 0) return { incidents, changed };
    for (const id of ids) if (await store.refoldIncident(id)) changed++;
    incidents += ids.length;
    after = ids[ids.length - 1];
  }
}

/**
 * At start: states stored by another version of the reducer are folded again before anyone is served,
 * then this version is written down. Null when the stored version is this one.
 */
export async function refoldIfReducerChanged(
  store: Pick<Store, 'listIncidentIds' | 'refoldIncident' | 'getSetting' | 'setSetting'>,
): Promise<Rebuilt | null> {
  if ((await store.getSetting(VERSION_SETTING)) === String(REDUCER_VERSION)) return null;
  const rebuilt = await rebuildIncidentStates(store);
  await store.setSetting(VERSION_SETTING, String(REDUCER_VERSION));
  return rebuilt;
}
