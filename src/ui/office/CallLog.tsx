/**
 * The first-day calls to one pupil's family: each attempt (time, who, what happened, a note),
 * and a short form to log the next one. A logged call is saved on this device at once and sent
 * like a mark.
 */
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import type { ContactView } from './ContactList.tsx';

export const CALL_OUTCOME_TEXT = {
  'no-answer': 'No answer',
  'message-left': 'Message left',
  'reason-given': 'Reason given',
  'wrong-number': 'Wrong number',
} as const;

export type CallOutcome = keyof typeof CALL_OUTCOME_TEXT;

/** A call as the log shows it. */
export interface CallView {
  readonly opId: string;
  readonly at: string;
  readonly contact: string;
  readonly phone: string | null;
  readonly outcome: CallOutcome;
  readonly note: string | null;
  readonly by: string;
  readonly isUnsent: boolean;
}

export interface NewCall {
  readonly at: string;
  readonly contact: string;
  readonly phone: string | null;
  readonly outcome: CallOutcome;
  readonly note: string | null;
}

export interface CallLogProps {
  readonly calls: readonly CallView[];
  readonly contacts: readonly ContactView[];
  /** The corrected clock's `HH:mm`, the default time of a new call. */
  readonly nowTime: string;
  /** Saves the call; resolves with an error sentence, or null once saved. */
  readonly onLog: (call: NewCall) => Promise<string | null>;
}

const OTHER = '__other__';

export function CallLog({ calls, contacts, nowTime, onLog }: CallLogProps) {
  const id = useId();
  const [contact, setContact] = useState(contacts[0]?.name ?? OTHER);
  const [other, setOther] = useState('');
  const [outcome, setOutcome] = useState<CallOutcome>('no-answer');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [isOpen, setIsOpen] = useState(false);
  const firstField = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (isOpen) firstField.current?.focus();
  }, [isOpen]);

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const name = contact === OTHER ? other.trim() : contact;
    if (name === '') {
      setError('Say who was called.');
      return;
    }
    setIsSaving(true);
    const phone = contacts.find((c) => c.name === name)?.phone ?? null;
    const problem = await onLog({
      at: nowTime,
      contact: name,
      phone: phone === '' ? null : phone,
      outcome,
      note: note.trim() === '' ? null : note.trim(),
    });
    setIsSaving(false);
    setError(problem);
    if (problem === null) {
      setNote('');
      setIsOpen(false);
    }
  }

  return (
    <div className="call-log">
      <h3 id={`${id}-title`}>Calls today</h3>
      {calls.length === 0 ? (
        <p className="hint">No calls logged yet.</p>
      ) : (
        <ol className="calls">
          {calls.map((call) => (
            <li key={call.opId}>
              <strong>{call.at}</strong> {call.contact}
              {call.phone === null ? '' : ` (${call.phone})`}: {CALL_OUTCOME_TEXT[call.outcome]}
              {call.note === null ? '' : ` — ${call.note}`}{' '}
              <span className="hint">
                by {call.by}
                {call.isUnsent ? ' · saved, not sent yet' : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
      {!isOpen && (
        <button
          type="button"
          className="button"
          onClick={() => {
            setIsOpen(true);
          }}
        >
          Log a call…
        </button>
      )}
      {isOpen && (
        <form className="call-form" onSubmit={(event) => void submit(event)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-contact`}>Called</label>
            <select
              id={`${id}-contact`}
              ref={firstField}
              value={contact}
              onChange={(event) => {
                setContact(event.target.value);
              }}
            >
              {contacts.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                  {c.relationship === '' ? '' : ` (${c.relationship})`}
                </option>
              ))}
              <option value={OTHER}>Someone else…</option>
            </select>
          </div>
          {contact === OTHER && (
            <div className="field">
              <label htmlFor={`${id}-other`}>Who</label>
              <input
                id={`${id}-other`}
                value={other}
                onChange={(event) => {
                  setOther(event.target.value);
                }}
              />
            </div>
          )}
          <fieldset className="choices">
            <legend>What happened</legend>
            {(Object.keys(CALL_OUTCOME_TEXT) as CallOutcome[]).map((value) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name={`${id}-outcome`}
                  value={value}
                  checked={outcome === value}
                  onChange={() => {
                    setOutcome(value);
                  }}
                />
                {CALL_OUTCOME_TEXT[value]}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-note`}>Note (optional)</label>
            <input
              id={`${id}-note`}
              value={note}
              maxLength={1000}
              onChange={(event) => {
                setNote(event.target.value);
              }}
            />
          </div>
          {error !== null && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={isSaving}>
              Log call at {nowTime}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setIsOpen(false);
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
