/**
 * The application: reads who is signed in on this device and its corrected clock, shows sign-in
 * or the shell, and runs one sync engine per signed-in person (created by `makeEngine`, so tests
 * can pass a fake). Nothing that shows a time is drawn before the clock offset is read.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { requestPersistence, type PersistentStorage } from '../state/persistence.ts';
import { readDeviceSession, type DeviceSession } from '../storage/auth.ts';
import type { RollcallDb } from '../storage/db.ts';
import type { SignedIn } from '../schema/auth.ts';
import type { FetchLike } from '../sync/http.ts';
import type { SyncEngine } from '../sync/types.ts';
import { FirstScreenMark } from './shared/firstScreen.tsx';
import { ROUTES, type ScreenRoute } from './shell/routes.tsx';
import { Shell } from './shell/Shell.tsx';
import type { SessionDeps } from './signin/session.ts';

export interface AppProps {
  readonly db: RollcallDb;
  /**
   * Makes the sync engine for a signed-in session, its clock corrected by `clockOffsetMs` from
   * the start; it is started and stopped here.
   */
  readonly makeEngine: (db: RollcallDb, clockOffsetMs: number) => SyncEngine;
  /** For signing in and out. */
  readonly fetch: FetchLike;
  /** '' for the page's own origin. */
  readonly baseUrl?: string;
  readonly routes?: readonly ScreenRoute[];
  /** `navigator.storage`, asked to keep data persistently; undefined where there is none. */
  readonly storage?: PersistentStorage | undefined;
  readonly isOnline?: () => boolean;
}

// Signed-in devices (most starts) never need the sign-in screen, so it loads on demand.
const SignInScreen = lazy(() =>
  import('./signin/SignInScreen.tsx').then((module) => ({ default: module.SignInScreen })),
);

interface SignedInProps extends Omit<AppProps, 'fetch' | 'baseUrl' | 'storage' | 'isOnline'> {
  readonly auth: SignedIn;
  readonly clockOffsetMs: number;
  readonly deps: SessionDeps;
  readonly onAuth: (auth: SignedIn | null) => void;
}

/** One signed-in person's session: its engine runs while this is mounted. */
function SignedIn(props: SignedInProps) {
  const { db, makeEngine, auth, clockOffsetMs, deps, routes = ROUTES, onAuth } = props;
  const [engine] = useState(() => makeEngine(db, clockOffsetMs));
  useEffect(() => {
    engine.start();
    return () => {
      void engine.stop();
    };
  }, [engine]);
  return (
    <Shell
      db={db}
      engine={engine}
      auth={auth}
      routes={routes}
      deps={deps}
      onSignedInAgain={onAuth}
      onSignedOut={() => {
        onAuth(null);
      }}
    />
  );
}

function browserStorage(): PersistentStorage | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

function browserIsOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine;
}

export function App(props: AppProps) {
  const { db, fetch, baseUrl = '', isOnline = browserIsOnline } = props;
  const storage = 'storage' in props ? props.storage : browserStorage();
  /** undefined while the device database is read. */
  const [session, setSession] = useState<DeviceSession | undefined>(undefined);
  const [isStorageBroken, setIsStorageBroken] = useState(false);
  const deps = useMemo(() => ({ db, fetch, baseUrl, isOnline }), [db, fetch, baseUrl, isOnline]);

  useEffect(() => {
    void requestPersistence(storage);
  }, [storage]);

  useEffect(() => {
    let live = true;
    readDeviceSession(db).then(
      (result) => {
        if (live) setSession(result.ok ? result.value : { auth: null, clockOffsetMs: 0 });
      },
      () => {
        if (live) setIsStorageBroken(true);
      },
    );
    return () => {
      live = false;
    };
  }, [db]);

  // A database that will not open (a private window, storage turned off) cannot keep marks.
  if (isStorageBroken)
    return (
      <p className="loading" role="alert">
        Rollcall cannot open this device’s storage, so it cannot keep registers here. Check that the
        browser allows this site to store data (it will not in a private window), then reload the
        page.
      </p>
    );
  const opening = <p className="loading">Opening Rollcall…</p>;
  if (session === undefined) return opening;
  const { auth, clockOffsetMs } = session;
  if (auth === null)
    return (
      <Suspense fallback={opening}>
        <SignInScreen deps={deps} onSignedIn={setSession} />
        <FirstScreenMark />
      </Suspense>
    );
  return (
    <SignedIn
      key={auth.staff.id}
      db={db}
      makeEngine={props.makeEngine}
      auth={auth}
      clockOffsetMs={clockOffsetMs}
      deps={deps}
      {...(props.routes === undefined ? {} : { routes: props.routes })}
      onAuth={(next) => {
        setSession((current) => ({ auth: next, clockOffsetMs: current?.clockOffsetMs ?? 0 }));
      }}
    />
  );
}
