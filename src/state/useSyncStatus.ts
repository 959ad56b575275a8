/** The sync engine's status as React state; re-renders on every change the engine reports. */
import { useCallback, useSyncExternalStore } from 'react';
import type { SyncEngine, SyncStatus } from '../sync/types.ts';

export function useSyncStatus(engine: SyncEngine): SyncStatus {
  const subscribe = useCallback(
    (onChange: () => void) =>
      engine.subscribe(() => {
        onChange();
      }),
    [engine],
  );
  // `getStatus()` hands back the same object until something changes (SyncEngine contract).
  return useSyncExternalStore(subscribe, () => engine.getStatus());
}
