/**
 * The always-visible sync status (docs/architecture.md §5): connection, unsent marks and the age of
 * the oldest, last sync, retries, the last error and refused marks. While sign-in is needed, that
 * says it all, so the 401's own error text is not repeated. Polite live region; the ticking ages
 * are left out of announcements so a screen reader is not interrupted every minute.
 */
import { useCallback } from 'react';
import { hrefOf } from '../../state/route.ts';
import { useNow } from '../../state/useNow.ts';
import { useSyncStatus } from '../../state/useSyncStatus.ts';
import type { SyncEngine, SyncStatus } from '../../sync/types.ts';
import { ageOf, clockWarningText, plural, retryText, syncedText } from './format.ts';

export interface StatusBarProps {
  readonly engine: SyncEngine;
}

function Connection({ status }: { readonly status: SyncStatus }) {
  return (
    <span className={`status-item ${status.online ? 'is-online' : 'is-offline'}`}>
      <span className="status-dot" aria-hidden="true" />
      {status.online ? 'Online' : 'Offline'}
    </span>
  );
}

function Unsent({ status, now }: { readonly status: SyncStatus; readonly now: number }) {
  if (status.pending === 0) return <span className="status-item">All marks sent</span>;
  return (
    <span className="status-item is-pending">
      {plural(status.pending, 'unsent mark')}
      {status.oldestPendingAt !== null && (
        <span aria-live="off"> · oldest {ageOf(status.oldestPendingAt, now)}</span>
      )}
    </span>
  );
}

function Progress({ status, now }: { readonly status: SyncStatus; readonly now: number }) {
  switch (status.phase) {
    case 'needs-sign-in':
      return <span className="status-item is-warning">Sign in again to send</span>;
    case 'syncing':
      return <span className="status-item">Syncing…</span>;
    case 'backing-off':
      return status.nextAttemptAt === null ? null : (
        <span className="status-item" aria-live="off">
          {retryText(status.nextAttemptAt, now)}
        </span>
      );
    case 'follower':
      return <span className="status-item">Another Rollcall tab is syncing</span>;
    case 'idle':
      return null;
  }
}

/** Shown while the device's own clock is far from the school's (it is corrected, but says so). */
function ClockWarning({ offsetMs }: { readonly offsetMs: number }) {
  const text = clockWarningText(offsetMs);
  return text === null ? null : <span className="status-item is-warning">{text}</span>;
}

/** The status strip under the header. */
export function StatusBar({ engine }: StatusBarProps) {
  const status = useSyncStatus(engine);
  const read = useCallback(() => engine.now(), [engine]);
  const now = useNow(read, status.phase === 'backing-off' ? 1000 : 15_000);
  return (
    <div className="status-bar" role="status" aria-live="polite" aria-label="Sync status">
      <Connection status={status} />
      <Unsent status={status} now={now} />
      <span className="status-item" aria-live="off">
        {syncedText(status.lastSyncAt, now)}
      </span>
      <Progress status={status} now={now} />
      {status.rejected > 0 && (
        <a className="status-item status-link is-error" href={hrefOf('/sync')}>
          {plural(status.rejected, 'mark')} refused — see why
        </a>
      )}
      {status.lastError !== null && status.phase !== 'needs-sign-in' && (
        <span className="status-item is-error">{status.lastError.message}</span>
      )}
      <ClockWarning offsetMs={status.clockOffsetMs} />
    </div>
  );
}
