/**
 * Signing a pupil out (time, reason, who collects them) or back in (time, who brought them).
 * Anyone not listed as the pupil's contact gets a clear warning and needs reception's
 * confirmation before the pupil goes.
 */
import { useId, useState, type SubmitEvent } from 'react';
import {
  isListedContact,
  pupilName,
  SIGN_OUT_REASONS,
  toSchoolTime,
  type SignOutReason,
} from '../../domain/index.ts';
import type { PupilRecord } from '../../storage/records.ts';
import { movementText } from '../shared/movementText.ts';
import { useTickValue, type Ticker } from '../shared/ticker.ts';
import { recordDeskMovement, type DeskContext, type PupilDay } from './deskWrites.ts';
import { PersonField } from './PersonField.tsx';

export interface MovementFormProps {
  readonly ctx: DeskContext;
  readonly pupil: PupilRecord;
  readonly day: PupilDay;
  readonly direction: 'in' | 'out';
  readonly ticker: Ticker;
  readonly onDone: (text: string) => void;
}

const REASON_LABELS: Record<SignOutReason, string> = {
  appointment: 'Appointment',
  illness: 'Illness',
  other: 'Other',
};

function reasonText(kind: SignOutReason | null, detail: string): string {
  const more = detail.trim();
  if (kind === null) return more;
  return more === '' ? kind : `${kind}: ${more}`;
}

export function MovementForm({ ctx, pupil, day, direction, ticker, onDone }: MovementFormProps) {
  const id = useId();
  const clock = useTickValue(ticker, (now) => toSchoolTime(now).time);
  const [typed, setTyped] = useState<string | null>(null);
  const [kind, setKind] = useState<SignOutReason | null>(null);
  const [detail, setDetail] = useState('');
  const [person, setPerson] = useState('');
  const [isConfirmed, setIsConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const at = typed ?? clock;
  const name = pupilName(pupil);
  const isOut = direction === 'out';
  const who = person.trim();
  const needsConfirming = isOut && who !== '' && !isListedContact(pupil.contacts, who);
  const isReturn = day.movements.some((m) => m.direction === 'out');

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (needsConfirming && !isConfirmed) {
      setError(
        `${who} is not a listed contact: confirm that you have checked before ${name} goes.`,
      );
      return;
    }
    setIsSaving(true);
    const reason = isOut ? reasonText(kind, detail) : detail.trim();
    const written = await recordDeskMovement(ctx, {
      pupilId: pupil.id,
      direction,
      at,
      reason,
      person,
    });
    setIsSaving(false);
    if (!written.ok) {
      setError(written.error);
      return;
    }
    const words = movementText(
      {
        direction,
        at,
        reason: reason === '' ? null : reason,
        accompaniedBy: who === '' ? null : who,
      },
      isReturn,
    );
    onDone(`${name}: ${words.charAt(0).toLowerCase()}${words.slice(1)}.`);
  }

  return (
    <form className="desk-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor={`${id}-time`}>{isOut ? 'Time leaving' : 'Time back'}</label>
        <input
          id={`${id}-time`}
          type="time"
          value={at}
          required
          onChange={(event) => {
            setTyped(event.target.value);
            setError(null);
          }}
        />
      </div>
      {isOut && (
        <fieldset className="desk-reasons">
          <legend>Reason for leaving</legend>
          {SIGN_OUT_REASONS.map((r) => (
            <label key={r} className="desk-radio">
              <input
                type="radio"
                name={`${id}-reason`}
                value={r}
                checked={kind === r}
                onChange={() => {
                  setKind(r);
                }}
              />
              {REASON_LABELS[r]}
            </label>
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${id}-detail`}>{isOut ? 'Details (optional)' : 'Note (optional)'}</label>
        <input
          id={`${id}-detail`}
          value={detail}
          maxLength={200}
          placeholder={isOut ? 'e.g. dentist' : ''}
          onChange={(event) => {
            setDetail(event.target.value);
          }}
        />
      </div>
      <PersonField
        label={isOut ? 'Collected by' : 'Brought back by (optional)'}
        contacts={pupil.contacts}
        value={person}
        describedBy={needsConfirming ? `${id}-warning` : undefined}
        onChange={(value) => {
          setPerson(value);
          setIsConfirmed(false);
        }}
      />
      {needsConfirming && (
        <div id={`${id}-warning`} className="desk-warning">
          <p>
            <strong>
              {who} is not a listed contact for {name}.
            </strong>{' '}
            Check with a parent or the office before {name} leaves with them.
          </p>
          <label className="desk-check">
            <input
              type="checkbox"
              checked={isConfirmed}
              onChange={(event) => {
                setIsConfirmed(event.target.checked);
              }}
            />
            I have checked that {who} may collect {name}
          </label>
        </div>
      )}
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary desk-confirm" disabled={isSaving}>
          {isOut ? `Sign out ${name}` : `Sign ${name} back in`}
        </button>
      </div>
    </form>
  );
}
