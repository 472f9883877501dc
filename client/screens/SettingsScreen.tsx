import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { NoContent, TestPageResults } from '../../shared/api.js';
import { api } from '../api.js';
import { DeviceList } from '../components/DeviceList.js';
import { HeartbeatList } from '../components/HeartbeatList.js';
import { SessionCard } from '../components/SessionCard.js';
import { ThisDeviceCard } from '../components/ThisDeviceCard.js';
import { TopBar } from '../components/TopBar.js';
import { Button, Card, ErrorText, inputClass } from '../components/ui.js';
import { useNow } from '../connection.js';
import { deviceKeys, useThisDevice } from '../device-queries.js';
import { shortTime } from '../format.js';
import { enableNotifications, guessDeviceName, pushSupport } from '../push/notifications.js';
import { unconfirmedPageAt } from '../push/page-confirmation.js';
import { useOutbox } from '../outbox/hooks.js';
import { keys, useDevices, useMe } from '../queries.js';
import { endSession } from '../session.js';

export function SettingsScreen() {
  const client = useQueryClient();
  const { data: me } = useMe();
  const devices = useDevices();
  const { data: here } = useThisDevice();
  const now = useNow();
  // This device's own name once it has one, unless the person is typing another.
  const [typedName, setTypedName] = useState<string | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: keys.devices });
    void client.invalidateQueries({ queryKey: deviceKeys.thisDevice });
  };

  const enable = useMutation({
    mutationFn: (name: string) => enableNotifications(name, me!.email),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/devices/${id}`, NoContent, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const test = useMutation({ mutationFn: () => api('/api/push/test', TestPageResults, { method: 'POST', body: {} }) });
  const waiting = useOutbox().filter((e) => !e.rejected).length;
  const [confirmLogout, setConfirmLogout] = useState(false);
  const logout = useMutation({ mutationFn: () => endSession(client) });
  const support = pushSupport();
  const thisDevice = support === 'granted' ? devices.data?.find((d) => d.id === here?.id) : undefined;
  const unconfirmed = thisDevice ? unconfirmedPageAt(thisDevice, now) : null;
  const deviceName = typedName ?? thisDevice?.name ?? guessDeviceName(navigator.userAgent);

  return (
    <>
      <TopBar title="Settings" back="/" />
      <main className="mx-auto flex max-w-2xl flex-col gap-4 p-3">
        <SessionCard />

        <Card className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">Notifications on this device</h2>
          {support === 'unsupported' && (
            <p>This browser cannot receive push notifications. Install onpoint to the home screen, or use another browser.</p>
          )}
          {support === 'denied' && (
            <p>Notifications are blocked. Allow them for this site in the browser settings, then come back.</p>
          )}
          {thisDevice &&
            (unconfirmed ? (
              <p role="alert" className="text-lg font-semibold text-red-700 dark:text-red-400">
                Last page at {shortTime(unconfirmed, now)} was not confirmed by this device ({thisDevice.name}) — send a test page
              </p>
            ) : (
              <p className="text-lg font-semibold text-emerald-700 dark:text-emerald-400">
                ✓ This device gets pages ({thisDevice.name})
              </p>
            ))}
          {support !== 'unsupported' && (
            <>
              <label className="flex flex-col gap-1">
                <span className="font-medium">Device name</span>
                <input className={inputClass} value={deviceName} maxLength={80} onChange={(e) => setTypedName(e.target.value)} />
              </label>
              <Button
                kind={thisDevice ? 'secondary' : 'primary'}
                onClick={() => enable.mutate(deviceName.trim() || guessDeviceName(navigator.userAgent))}
                disabled={enable.isPending}
              >
                {enable.isPending
                  ? 'Turning on…'
                  : thisDevice
                    ? 'Save name and re-register'
                    : 'Enable notifications on this device'}
              </Button>
              <ErrorText error={enable.error} />
            </>
          )}
          <Button
            kind={thisDevice ? 'primary' : 'secondary'}
            onClick={() => test.mutate()}
            disabled={test.isPending || !devices.data?.length}
          >
            {test.isPending ? 'Sending…' : 'Send me a test page'}
          </Button>
          {test.data && (
            <ul className="flex flex-col gap-1" aria-live="polite">
              {test.data.results.map((r, i) => (
                <li key={i}>
                  {r.ok ? '✓ Sent to' : '✗ Failed for'} {r.deviceName}
                  {r.reason ? ` (${r.reason})` : ''}
                </li>
              ))}
            </ul>
          )}
          <ErrorText error={test.error} />
        </Card>

        <Card className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">Your devices</h2>
          {devices.data?.length === 0 && <p>None yet: nobody can page you.</p>}
          <DeviceList devices={devices.data ?? []} thisDeviceId={thisDevice?.id ?? null} onRemove={(d) => remove.mutate(d.id)} />
          <ErrorText error={remove.error ?? devices.error} />
        </Card>

        <ThisDeviceCard />

        <HeartbeatList />

        {confirmLogout ? (
          <Card className="flex flex-col gap-3">
            <p role="alert" className="text-lg">
              {waiting === 1 ? '1 action has' : `${waiting} actions have`} not reached onpoint yet. Logging out deletes{' '}
              {waiting === 1 ? 'it' : 'them'} from this device.
            </p>
            <Button kind="danger" onClick={() => logout.mutate()}>
              Log out and delete {waiting === 1 ? 'it' : 'them'}
            </Button>
            <Button onClick={() => setConfirmLogout(false)}>Stay logged in</Button>
          </Card>
        ) : (
          <Button onClick={() => (waiting ? setConfirmLogout(true) : logout.mutate())}>Log out</Button>
        )}
        <ErrorText error={logout.error} />
      </main>
    </>
  );
}
export default SettingsScreen;
