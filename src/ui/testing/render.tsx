/** Renders a screen inside a signed-in `AppContext`, as the shell would. */
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { RollcallDb } from '../../storage/db.ts';
import type { SignedIn } from '../../schema/auth.ts';
import type { SyncEngine } from '../../sync/types.ts';
import { AppContext } from '../shared/AppContext.tsx';

export function renderSignedIn(
  ui: ReactNode,
  context: { readonly db: RollcallDb; readonly engine: SyncEngine; readonly auth: SignedIn },
): RenderResult {
  return render(<AppContext.Provider value={context}>{ui}</AppContext.Provider>);
}
