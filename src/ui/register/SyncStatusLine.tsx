import { useCallback, useSyncExternalStore } from 'react';
import type { SyncEngine, SyncStatus } from '../../sync/types.ts';

export interface SyncStatusLineProps {
  readonly engine: SyncEngine;
}

function unsentText(count: number): string {
  return count === 1 ? '1 unsent' : `${String(count)} unsent`;
}

/** "Online · all sent", "Offline · 9 unsent", with refusals and the last problem when there are any. */
export function syncSummary(status: SyncStatus): string {
  const parts: string[] = [];
  if (status.phase === 'needs-sign-in') parts.push('Sign in again to send marks');
  else if (status.phase === 'syncing') parts.push('Sending…');
  else parts.push(status.online ? 'Online' : 'Offline');
  parts.push(status.pending === 0 ? 'all sent' : unsentText(status.pending));
  if (status.rejected > 0)
    parts.push(
      status.rejected === 1
        ? '1 mark not accepted by the server'
        : `${String(status.rejected)} marks not accepted by the server`,
    );
  return parts.join(' · ');
}

/** The sync status, always in view on the register (docs/architecture.md §5). */
export function SyncStatusLine({ engine }: SyncStatusLineProps) {
  const subscribe = useCallback((listener: () => void) => engine.subscribe(listener), [engine]);
  const status = useSyncExternalStore(subscribe, () => engine.getStatus());
  return (
    <p className="rc-sync" role="status" data-online={status.online}>
      {syncSummary(status)}
      {status.lastError === null ? null : (
        <span className="rc-sync-error"> · {status.lastError.message}</span>
      )}
    </p>
  );
}
