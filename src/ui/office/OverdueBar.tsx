/**
 * The one bulk action of the worklist: the chosen overdue `N` marks become `O` with the
 * statutory reason, after the office confirms. Nothing converts silently.
 */
import { useState } from 'react';
import { OVERDUE_N_REASON } from '../../domain/index.ts';
import { Dialog } from '../shared/Dialog.tsx';
import { recordOfficeMarks, type OfficeContext } from './officeWrites.ts';
import type { OpenRow } from './worklistData.ts';

export interface OverdueBarProps {
  readonly context: OfficeContext;
  /** The overdue rows chosen. */
  readonly rows: readonly OpenRow[];
  /** The overdue rows the filters show, for "choose all". */
  readonly overdueShown: readonly OpenRow[];
  readonly onChooseAll: (keys: readonly string[]) => void;
  readonly onDone: (text: string) => void;
}

export function OverdueBar({ context, rows, overdueShown, onChooseAll, onDone }: OverdueBarProps) {
  const [isAsking, setIsAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (overdueShown.length === 0) return null;
  const count = rows.length === 1 ? '1 overdue N' : `${String(rows.length)} overdue N marks`;

  async function convert(): Promise<void> {
    const written = await recordOfficeMarks(
      context,
      rows.map((row) => ({
        pupilId: row.pupilId,
        date: row.date,
        session: row.session,
        code: 'O',
        reason: OVERDUE_N_REASON,
        reportedBy: null,
        basedOn: row.headOpId,
      })),
    );
    setIsAsking(false);
    if (!written.ok) {
      setError(`Nothing was changed. ${written.error}`);
      return;
    }
    setError(null);
    onDone(`Changed ${count} to O (${OVERDUE_N_REASON.toLowerCase()}).`);
  }

  return (
    <div className="bulk-bar">
      <button
        type="button"
        className="button"
        onClick={() => {
          onChooseAll(overdueShown.map((row) => row.key));
        }}
      >
        Choose all overdue ({overdueShown.length})
      </button>
      <button
        type="button"
        className="button button-danger"
        disabled={rows.length === 0}
        onClick={() => {
          setIsAsking(true);
        }}
      >
        Change {rows.length === 0 ? 'chosen' : count} to O…
      </button>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {isAsking && (
        <Dialog
          title={`Change ${count} to O?`}
          onCancel={() => {
            setIsAsking(false);
          }}
        >
          <p>
            No reason was established within 5 school days, so each becomes O (unauthorised) with
            the reason “{OVERDUE_N_REASON}”. Each change is kept in the pupil’s history with your
            name.
          </p>
          <div className="rc-dialog-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                setIsAsking(false);
              }}
            >
              Cancel
            </button>
            <button type="button" className="button button-primary" onClick={() => void convert()}>
              Change {count} to O
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
