import { queryOptions, useQuery } from '@tanstack/react-query';
import { findPlaybooks, storedPlaybook } from './offline/playbook-store.js';
import { getThisDevice } from './offline/this-device.js';

/**
 * Reads of what is stored on the device (IndexedDB), through the query cache so screens share them.
 * Keys start with 'device': they are not persisted again, and they run with no network.
 */
export const deviceKeys = {
  all: ['device'] as const,
  playbooks: (query: string) => ['device', 'playbooks', query] as const,
  playbook: (slug: string) => ['device', 'playbook', slug] as const,
  thisDevice: ['device', 'this-device'] as const,
};

export const isDeviceQuery = (key: readonly unknown[]) => key[0] === deviceKeys.all[0];

export const useStoredPlaybooks = (query: string) =>
  useQuery({ queryKey: deviceKeys.playbooks(query), queryFn: () => findPlaybooks(query), networkMode: 'always' });

export const useStoredPlaybook = (slug: string | null) =>
  useQuery({
    queryKey: deviceKeys.playbook(slug ?? ''),
    queryFn: () => storedPlaybook(slug ?? ''),
    enabled: !!slug,
    networkMode: 'always',
  });

/** Which registered device this browser is (null until notifications are enabled here). */
export const thisDeviceQuery = queryOptions({ queryKey: deviceKeys.thisDevice, queryFn: getThisDevice, networkMode: 'always' });

export const useThisDevice = () => useQuery(thisDeviceQuery);
