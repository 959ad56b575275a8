/**
 * Signing a late arrival in: the time is now on the corrected clock (changed only with a reason,
 * when the parent waited), why they were late, who brought them, and what will be written —
 * shown before one tap records it.
 */
import { useId, useState, type SubmitEvent } from 'react';
import { LATE_REASONS, pupilName, toSchoolTime } from '../../domain/index.ts';
import type { PupilRecord } from '../../storage/records.ts';
import { useTickValue, type Ticker } from '../shared/ticker.ts';
import { arrivalDoneText, arrivalPreviewText } from './deskText.ts';
import { previewArrival, signInLate, type DeskContext, type PupilDay } from './deskWrites.ts';
import { PersonField } from './PersonField.tsx';

export interface ArrivalFormProps {
  readonly ctx: DeskContext;
  readonly pupil: PupilRecord;
  readonly day: PupilDay;
  readonly ticker: Ticker;
  readonly onDone: (text: string) => void;
}

export function ArrivalForm({ ctx, pupil, day, ticker, onDone }: ArrivalFormProps) {
  const id = useId();
  const clock = useTickValue(ticker, (now) => toSchoolTime(now).time);
  const [typed, setTyped] = useState<string | null>(null);
  const [why, setWhy] = useState('');
  const [reason, setReason] = useState('');
  const [broughtBy, setBroughtBy] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  // The time follows the clock until someone changes it.
  const arrivedAt = typed ?? clock;
  const isChanged = typed !== null && typed !== clock;
  const group = ctx.school.groups.get(pupil.groupId)?.name ?? '';
  const now = toSchoolTime(ticker.now());
  const plan = previewArrival(ctx, { pupilId: pupil.id, arrivedAt }, day, now);

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    setIsSaving(true);
    const written = await signInLate(ctx, {
      pupilId: pupil.id,
      arrivedAt,
      reason,
      broughtBy,
      timeChange: isChanged ? { from: clock, why } : null,
    });
    setIsSaving(false);
    if (!written.ok) {
      setError(written.error);
      return;
    }
    onDone(arrivalDoneText(pupilName(pupil), group, arrivedAt, written.value.plan));
  }

  return (
    <form className="desk-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor={`${id}-time`}>Arrival time</label>
        <input
          id={`${id}-time`}
          type="time"
          value={arrivedAt}
          required
          onChange={(event) => {
            setTyped(event.target.value);
            setError(null);
          }}
        />
      </div>
      {isChanged && (
        <div className="field">
          <label htmlFor={`${id}-why`}>Why is it not {clock}?</label>
          <input
            id={`${id}-why`}
            value={why}
            maxLength={200}
            placeholder="e.g. the parent waited at the desk"
            onChange={(event) => {
              setWhy(event.target.value);
            }}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason for being late</label>
        <input
          id={`${id}-reason`}
          list={`${id}-reasons`}
          value={reason}
          maxLength={300}
          autoComplete="off"
          onChange={(event) => {
            setReason(event.target.value);
          }}
        />
        <datalist id={`${id}-reasons`}>
          {LATE_REASONS.map((text) => (
            <option key={text} value={text} />
          ))}
        </datalist>
      </div>
      <PersonField
        label="Brought by"
        contacts={pupil.contacts}
        value={broughtBy}
        onChange={setBroughtBy}
      />
      <output
        className={plan.ok ? 'desk-preview' : 'desk-preview is-problem'}
        htmlFor={`${id}-time`}
      >
        {plan.ok ? arrivalPreviewText(plan.value, group) : plan.error}
      </output>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary desk-confirm" disabled={isSaving}>
          Sign in {pupilName(pupil)}
        </button>
      </div>
    </form>
  );
}
