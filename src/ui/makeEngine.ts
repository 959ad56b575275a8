/** The real sync engine for the browser, talking to the page's own origin. */
import type { RollcallDb } from '../storage/db.ts';
import { createSyncEngine } from '../sync/engine.ts';
import type { SyncEngine } from '../sync/types.ts';
import { firstScreenShown } from './shared/firstScreen.tsx';

export function makeEngine(db: RollcallDb, clockOffsetMs: number): SyncEngine {
  return createSyncEngine({
    db,
    clockOffsetMs,
    fetch: window.fetch.bind(window),
    baseUrl: '',
    firstCycleAfter: firstScreenShown,
  });
}
