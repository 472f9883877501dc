import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Route, Switch } from 'wouter';
import { ErrorText } from './components/ui.js';
import { startLiveUpdates } from './live.js';
import { useMe } from './queries.js';
import { IncidentListScreen } from './screens/IncidentListScreen.js';
import { IncidentScreen } from './screens/IncidentScreen.js';
import { LoginScreen } from './screens/LoginScreen.js';
import { ScheduleScreen } from './screens/ScheduleScreen.js';
import { SettingsScreen } from './screens/SettingsScreen.js';

export function App() {
  const me = useMe();
  const client = useQueryClient();
  const loggedIn = !!me.data;
  useEffect(() => (loggedIn ? startLiveUpdates(client) : undefined), [loggedIn, client]);

  if (me.isPending) return <p className="p-6 text-slate-500">Loading…</p>;
  if (me.error) {
    return (
      <main className="p-6">
        <ErrorText error={me.error} />
      </main>
    );
  }
  if (!me.data) return <LoginScreen />;
  return (
    <Switch>
      <Route path="/incidents/:id">{(params) => <IncidentScreen id={params.id} />}</Route>
      <Route path="/settings" component={SettingsScreen} />
      <Route path="/schedule" component={ScheduleScreen} />
      <Route component={IncidentListScreen} />
    </Switch>
  );
}
