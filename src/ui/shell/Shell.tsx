/**
 * The signed-in app: header and navigation, the sync status, prompts (new version, sign in
 * again, sign out with unsent marks) and the current screen. Provides `useApp()` to screens.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { UpdatePrompt } from '../../pwa/UpdatePrompt.tsx';
import { navigate, usePath } from '../../state/route.ts';
import { useSyncStatus } from '../../state/useSyncStatus.ts';
import type { RollcallDb } from '../../storage/db.ts';
import type { SignedIn } from '../../schema/auth.ts';
import type { SyncEngine } from '../../sync/types.ts';
import { AppContext } from '../shared/AppContext.tsx';
import { signOut, type SessionDeps } from '../signin/session.ts';
import { AppHeader } from './AppHeader.tsx';
import { RouteView } from './RouteView.tsx';
import { navFor, resolveRoute, type ScreenRoute } from './routes.tsx';
import { SignOutConfirm } from './SignOutConfirm.tsx';
import { StatusBar } from './StatusBar.tsx';

const ReSignIn = lazy(() =>
  import('../signin/ReSignIn.tsx').then((module) => ({ default: module.ReSignIn })),
);

export interface ShellProps {
  readonly db: RollcallDb;
  readonly engine: SyncEngine;
  readonly auth: SignedIn;
  readonly routes: readonly ScreenRoute[];
  readonly deps: SessionDeps;
  /** A fresh login of the same person (after a 401), already stored. */
  readonly onSignedInAgain: (auth: SignedIn) => void;
  /** Called once the login is forgotten on this device. */
  readonly onSignedOut: () => void;
}

/** Moves focus to the main area when the route changes, so keyboard users start at the top. */
function useFocusOnNavigate(path: string): RefObject<HTMLElement | null> {
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(path);
  useEffect(() => {
    if (path !== firstPath.current) mainRef.current?.focus();
  }, [path]);
  return mainRef;
}

export function Shell(props: ShellProps) {
  const { db, engine, auth, routes, deps } = props;
  const status = useSyncStatus(engine);
  const path = usePath();
  const [isConfirmingSignOut, setIsConfirmingSignOut] = useState(false);
  const mainRef = useFocusOnNavigate(path);
  const role = auth.staff.role;
  const nav = useMemo(() => navFor(routes, role), [routes, role]);
  const resolved = resolveRoute(routes, path, role);
  const current = resolved.kind === 'screen' ? resolved.route : null;
  const context = useMemo(() => ({ db, engine, auth }), [db, engine, auth]);

  useEffect(() => {
    document.title = current === null ? 'Rollcall' : `${current.title} · Rollcall`;
  }, [current]);

  async function signOutNow(): Promise<void> {
    setIsConfirmingSignOut(false);
    await engine.stop();
    await signOut(deps, auth);
    // The next person starts on their own home screen, not on this person's last one.
    navigate('/', { replace: true });
    props.onSignedOut();
  }

  function askToSignOut(): void {
    if (status.pending > 0) setIsConfirmingSignOut(true);
    else void signOutNow();
  }

  return (
    <AppContext.Provider value={context}>
      <div className="app">
        <AppHeader auth={auth} nav={nav} current={current} onSignOut={askToSignOut} />
        <StatusBar engine={engine} />
        <div className="prompts">
          <UpdatePrompt path={path} pending={status.pending} />
          {isConfirmingSignOut && (
            <SignOutConfirm
              pending={status.pending}
              onConfirm={() => void signOutNow()}
              onCancel={() => {
                setIsConfirmingSignOut(false);
              }}
            />
          )}
          {status.phase === 'needs-sign-in' && !isConfirmingSignOut && (
            <Suspense fallback={null}>
              <ReSignIn
                deps={deps}
                auth={auth}
                pending={status.pending}
                onSignedIn={(fresh) => {
                  props.onSignedInAgain(fresh.auth);
                  engine.request('manual');
                }}
                onSwitchPerson={askToSignOut}
              />
            </Suspense>
          )}
        </div>
        <main id="main" className="main" tabIndex={-1} ref={mainRef}>
          <RouteView resolved={resolved} />
        </main>
      </div>
    </AppContext.Provider>
  );
}
