/**
 * Sync details: everything the status bar says, in full, and the marks the server refused with
 * its reasons, so the person who made them can tell the office what needs putting right.
 */
import { useApp } from '../shared/AppContext.tsx';
import { useSyncStatus } from '../../state/useSyncStatus.ts';
import type { SyncStatus } from '../../sync/types.ts';
import { RejectedList } from './RejectedList.tsx';
import { dateTimeOf, plural, syncedText } from './format.ts';

function StatusDetails({ status, now }: { readonly status: SyncStatus; readonly now: number }) {
  return (
    <dl className="details">
      <dt>Connection</dt>
      <dd>
        {status.online ? 'Online' : 'Offline: marks are kept on this device until it is back'}
      </dd>
      <dt>Your unsent marks</dt>
      <dd>
        {status.pending === 0 ? 'None' : plural(status.pending, 'mark')}
        {status.oldestPendingAt !== null &&
          `, the oldest from ${dateTimeOf(status.oldestPendingAt)}`}
      </dd>
      <dt>Other staff’s unsent marks on this device</dt>
      <dd>
        {status.pendingForOthers === 0
          ? 'None'
          : `${plural(status.pendingForOthers, 'mark')}, sent when they next sign in here`}
      </dd>
      <dt>Last sync</dt>
      <dd>
        {status.lastSyncAt === null
          ? 'Never'
          : `${dateTimeOf(status.lastSyncAt)} (${syncedText(status.lastSyncAt, now).toLowerCase()})`}
      </dd>
      {status.nextAttemptAt !== null && (
        <>
          <dt>Next attempt</dt>
          <dd>{dateTimeOf(status.nextAttemptAt)}</dd>
        </>
      )}
      <dt>Last problem</dt>
      <dd>
        {status.lastError === null
          ? 'None'
          : `${status.lastError.message} (${dateTimeOf(status.lastError.at)})`}
      </dd>
    </dl>
  );
}

/** The `#/sync` screen. */
export function SyncScreen() {
  const { engine, auth } = useApp();
  const status = useSyncStatus(engine);
  const needsSignIn = status.phase === 'needs-sign-in';
  return (
    <>
      <h1>Sync</h1>
      <StatusDetails status={status} now={engine.now()} />
      <p className="actions">
        <button
          type="button"
          className="button"
          disabled={needsSignIn}
          aria-describedby={needsSignIn ? 'sync-now-why' : undefined}
          onClick={() => {
            engine.request('manual');
          }}
        >
          Sync now
        </button>
        {needsSignIn && (
          <span id="sync-now-why" className="hint">
            Sign in again first.
          </span>
        )}
      </p>
      <h2>Refused marks</h2>
      <RejectedList authorId={auth.staff.id} />
    </>
  );
}
