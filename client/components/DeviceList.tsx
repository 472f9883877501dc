import type { Device } from '../../shared/api.js';
import { useNow } from '../connection.js';
import { relativeTime, shortTime } from '../format.js';
import { unconfirmedPageAt } from '../push/page-confirmation.js';
import { Button } from './ui.js';

/** A person's devices: which one is this, whether pages reach each, and a way to remove one. */
export function DeviceList({
  devices,
  thisDeviceId,
  onRemove,
}: {
  devices: Device[];
  thisDeviceId: string | null;
  onRemove: (device: Device) => void;
}) {
  const now = useNow();
  return (
    <ul className="flex flex-col gap-3">
      {devices.map((device) => {
        const unconfirmed = unconfirmedPageAt(device, now);
        const here = device.id === thisDeviceId;
        return (
          <li key={device.id} className="flex items-center gap-3" data-testid="device">
            <div className="flex-1">
              <p className="font-semibold">
                {device.name}
                {here && <span className="font-normal text-muted"> · this device</span>}
              </p>
              <p className="text-sm text-muted">
                {device.pushService} ·{' '}
                {device.lastDeliveredAt
                  ? `last page arrived ${relativeTime(device.lastDeliveredAt, now)}`
                  : 'no page arrived yet'}
              </p>
              {unconfirmed && (
                <p className="text-sm font-semibold text-red-700 dark:text-red-400">
                  Last page at {shortTime(unconfirmed, now)} was not confirmed
                  {here ? ' by this device' : ''}
                </p>
              )}
            </div>
            <Button onClick={() => onRemove(device)} aria-label={`Remove ${device.name}`}>
              Remove
            </Button>
          </li>
        );
      })}
    </ul>
  );
}
