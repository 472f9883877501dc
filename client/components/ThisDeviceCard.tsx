import { useStoredPlaybooks } from '../device-queries.js';
import { install, isInstalled, useCanInstall, useOfflineReady } from '../pwa.js';
import { Button, Card } from './ui.js';

/** What this device keeps for working with no signal, and installing the app where the browser allows. */
export function ThisDeviceCard() {
  const canInstall = useCanInstall();
  const { data: playbooks } = useStoredPlaybooks('');
  const offlineReady = useOfflineReady();
  return (
    <Card className="flex flex-col gap-3">
      <h2 className="text-lg font-semibold">Working offline</h2>
      <p>
        {offlineReady ? '✓ onpoint opens on this device with no network.' : 'onpoint will open offline after the next reload.'}{' '}
        {playbooks ? `${playbooks.length} playbook${playbooks.length === 1 ? '' : 's'} on this device.` : ''}
      </p>
      {isInstalled() ? (
        <p>✓ Installed as an app.</p>
      ) : canInstall ? (
        <Button kind="primary" onClick={() => void install()}>
          Install onpoint on this device
        </Button>
      ) : (
        <p className="text-muted">
          To install: open the browser menu and choose “Add to Home Screen” (on iPhone: Share → Add to Home Screen).
        </p>
      )}
    </Card>
  );
}
