/**
 * Replacing a mark in one step: the code (from those valid on the date, grouped by meaning), the
 * reason (required; the everyday phrases offered as you type) and who reported it (the pupil's
 * listed contacts offered; anyone else is recorded but flagged). Used for an `N` on the worklist,
 * a phone-in, and any amendment from the pupil page. Where the form is about one session
 * (`withArrival`), it also offers `L` and `U` with the time the pupil arrived, which the write
 * checks by the arrival rule (`checkArrivalTime`).
 */
import { useId, useMemo, useState, type SubmitEvent } from 'react';
import {
  isListedReporter,
  needsArrivalTime,
  officeCodeGroups,
  reasonsFor,
  type IsoDate,
} from '../../domain/index.ts';
import type { ContactView } from './ContactList.tsx';

export interface Amendment {
  readonly code: string;
  readonly reason: string;
  /** Who told the school; null when nobody did (the office's own decision). */
  readonly reportedBy: string | null;
  /** When the pupil arrived (`HH:mm`), for `L` and `U`; null when not given or another code. */
  readonly arrivedAt: string | null;
}

export interface AmendFormProps {
  readonly date: IsoDate;
  readonly contacts: readonly ContactView[];
  /** The code chosen at first (e.g. `I` for a phone-in), or null to make the office choose. */
  readonly initialCode?: string | null;
  /** Offer `L` and `U` with an arrival time: only where the form is about one session. */
  readonly withArrival?: boolean;
  readonly submitLabel: string;
  /** Saves the amendment; resolves with a sentence saying what is wrong, or null once saved. */
  readonly onSubmit: (amendment: Amendment) => Promise<string | null>;
  readonly onCancel?: () => void;
}

export function AmendForm(props: AmendFormProps) {
  const { date, contacts, initialCode = null, withArrival = false } = props;
  const { submitLabel, onSubmit, onCancel } = props;
  const id = useId();
  const groups = useMemo(() => officeCodeGroups(date, { withArrival }), [date, withArrival]);
  const [code, setCode] = useState(initialCode ?? '');
  const [arrivedAt, setArrivedAt] = useState('');
  const [reason, setReason] = useState('');
  const [reportedBy, setReportedBy] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const reporter = reportedBy.trim();
  const isFlagged = reporter !== '' && !isListedReporter(contacts, reporter);
  const isLate = needsArrivalTime(code);

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (code === '') {
      setError('Choose the code to record.');
      return;
    }
    if (reason.trim() === '') {
      setError('Give the reason: the register must say why.');
      return;
    }
    setIsSaving(true);
    const problem = await onSubmit({
      code,
      reason: reason.trim(),
      reportedBy: reporter === '' ? null : reporter,
      // Whether it is there and fits the code is the write's check, the server's rule.
      arrivedAt: isLate && arrivedAt.trim() !== '' ? arrivedAt.trim() : null,
    });
    setIsSaving(false);
    setError(problem);
  }

  return (
    <form className="amend-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor={`${id}-code`}>Code</label>
        <select
          id={`${id}-code`}
          value={code}
          onChange={(event) => {
            setCode(event.target.value);
          }}
        >
          <option value="">Choose a code…</option>
          {groups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.codes.map((info) => (
                <option key={info.code} value={info.code}>
                  {info.code} — {info.meaning}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      {isLate && (
        <div className="field">
          <label htmlFor={`${id}-arrived`}>Arrival time</label>
          <input
            id={`${id}-arrived`}
            type="time"
            value={arrivedAt}
            required
            aria-describedby={`${id}-arrived-hint`}
            onChange={(event) => {
              setArrivedAt(event.target.value);
            }}
          />
          <p id={`${id}-arrived-hint`} className="hint">
            When the pupil arrived, as the signing-in book has it: L up to the register’s close, U
            after it until the session ends.
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input
          id={`${id}-reason`}
          list={`${id}-reasons`}
          value={reason}
          maxLength={500}
          onChange={(event) => {
            setReason(event.target.value);
          }}
        />
        <datalist id={`${id}-reasons`}>
          {reasonsFor(code === '' ? null : code).map((text) => (
            <option key={text} value={text} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reporter`}>Reported by (optional)</label>
        <input
          id={`${id}-reporter`}
          list={`${id}-contacts`}
          value={reportedBy}
          maxLength={200}
          aria-describedby={isFlagged ? `${id}-flag` : undefined}
          onChange={(event) => {
            setReportedBy(event.target.value);
          }}
        />
        <datalist id={`${id}-contacts`}>
          {contacts.map((c) => (
            <option key={c.name} value={c.name}>
              {c.relationship}
            </option>
          ))}
        </datalist>
        {isFlagged && (
          <p id={`${id}-flag`} className="warning-text">
            {reporter} is not a listed contact who may report absence. It will be recorded and
            flagged for checking.
          </p>
        )}
      </div>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={isSaving}>
          {submitLabel}
        </button>
        {onCancel !== undefined && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
