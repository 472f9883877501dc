import { useIsRestoring, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { parse } from 'regexparam';
import { Route, Router, Switch } from 'wouter';
import { UpdateBanner } from './components/UpdateBanner.js';
import { ErrorText } from './components/ui.js';
import { useWaitingCount } from './use-waiting-count.js';
import { useIncidents, useMe } from './queries.js';
import { IncidentListScreen } from './screens/IncidentListScreen.js';
import { rememberingPatterns } from './route-patterns.js';
import { startSession } from './session.js';

// Only the incident list, what a cold start shows, is in the first download; other screens come in
// their own chunks (precached all the same, so they open offline too).
const DeclareScreen = lazy(() => import('./screens/DeclareScreen.js'));
const HandoffScreen = lazy(() => import('./screens/HandoffScreen.js'));
const IncidentScreen = lazy(() => import('./screens/IncidentScreen.js'));
const InsightsScreen = lazy(() => import('./screens/InsightsScreen.js'));
const LoginScreen = lazy(() => import('./screens/LoginScreen.js'));
const PlaybookLibraryScreen = lazy(() => import('./screens/PlaybookLibraryScreen.js'));
const PlaybookScreen = lazy(() => import('./screens/PlaybookScreen.js'));
const ScheduleScreen = lazy(() => import('./screens/ScheduleScreen.js'));
const SettingsScreen = lazy(() => import('./screens/SettingsScreen.js'));

const routePatterns = rememberingPatterns(parse);

export function App() {
  const me = useMe();
  const client = useQueryClient();
  const email = me.data?.email;
  useEffect(() => {
    if (!email) return;
    // In a task of its own: started with the first screen's effects, it would lengthen the task that shows it.
    let stop: (() => void) | undefined;
    const timer = setTimeout(() => (stop = startSession(client, email)));
    return () => {
      clearTimeout(timer);
      stop?.();
    };
  }, [email, client]);

  // While the saved copy is read (2 s at most online, main.ts), every query shows as idle: a screen drawn now
  // would show answers that came from the network (who is logged in, quickly) without those still on their way,
  // then jump when the copy is in.
  const restoring = useIsRestoring();
  if (me.isPending || restoring) return <p className="p-6 text-muted">Loading…</p>;
  // A failed re-check (no signal) keeps who is logged in: only a first answer that never came is an error.
  if (me.error && me.data === undefined) {
    return (
      <main className="p-6">
        <ErrorText error={me.error} />
      </main>
    );
  }
  return <Suspense fallback={<p className="p-6 text-muted">Loading…</p>}>{me.data ? <Screens /> : <LoginScreen />}</Suspense>;
}

function Screens() {
  useWaitingCount(useIncidents().data);
  return (
    <Router parser={routePatterns}>
      <UpdateBanner />
      <Suspense fallback={<p className="p-6 text-muted">Loading…</p>}>
        <Switch>
          <Route path="/incidents/:id">{(params) => <IncidentScreen id={params.id} />}</Route>
          <Route path="/playbooks/:slug">{(params) => <PlaybookScreen slug={params.slug} />}</Route>
          <Route path="/playbooks" component={PlaybookLibraryScreen} />
          <Route path="/settings" component={SettingsScreen} />
          <Route path="/insights" component={InsightsScreen} />
          <Route path="/declare" component={DeclareScreen} />
          <Route path="/handoff" component={HandoffScreen} />
          <Route path="/schedule" component={ScheduleScreen} />
          <Route component={IncidentListScreen} />
        </Switch>
      </Suspense>
    </Router>
  );
}
