/**
 * What every screen needs from the running app: the device database, the sync engine and the
 * signed-in member of staff. `App` provides it once signed in; screens read it with `useApp()`.
 */
import { createContext, useContext } from 'react';
import type { RollcallDb } from '../../storage/db.ts';
import type { SignedIn } from '../../schema/auth.ts';
import type { SyncEngine } from '../../sync/types.ts';

export interface AppContextValue {
  readonly db: RollcallDb;
  readonly engine: SyncEngine;
  readonly auth: SignedIn;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (value === null) throw new Error('useApp() is only available inside a signed-in App');
  return value;
}
