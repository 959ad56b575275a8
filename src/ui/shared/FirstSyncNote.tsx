/**
 * Said on a screen that reads the whole school while this device has not finished its first
 * sync: until then an empty list means "not arrived yet", not "nothing to do".
 */
import { useSyncStatus } from '../../state/useSyncStatus.ts';
import type { SyncEngine } from '../../sync/types.ts';

/** True until this device has completed one sync with the server. */
export function useIsFirstSyncPending(engine: SyncEngine): boolean {
  return useSyncStatus(engine).lastSyncAt === null;
}

export function FirstSyncNote({ engine }: { readonly engine: SyncEngine }) {
  const status = useSyncStatus(engine);
  if (status.lastSyncAt !== null) return null;
  return (
    <p className="banner banner-info" role="status">
      {status.online
        ? 'Receiving the school’s marks from the server: this list fills in as they arrive.'
        : 'This device has not received the school’s marks yet. Connect to the network: this list fills in after the first sync.'}
    </p>
  );
}
