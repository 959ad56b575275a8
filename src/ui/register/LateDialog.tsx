import { useId, useState, type SubmitEvent } from 'react';
import { formatHhmm, type Session, type SessionTimes } from '../../domain/index.ts';
import { Dialog } from '../shared/Dialog.tsx';
import { REFUSAL_TEXT } from '../../text/staffText.ts';
import { planArrival } from './intents.ts';
import { minutesLateFor, minutesLateText } from './marks.ts';

export interface LateDialogProps {
  readonly pupilName: string;
  readonly times: SessionTimes;
  readonly session: Session;
  /** Now on the school's clock (corrected), `HH:mm`: the default arrival time. */
  readonly nowTime: string;
  readonly nowMinutes: number;
  readonly onConfirm: (arrivedAt: string) => void;
  readonly onCancel: () => void;
}

/** What the arrival time gives, in words: "L — 12 minutes late". */
export function arrivalPreview(
  times: SessionTimes,
  session: Session,
  arrivedAt: string,
  nowMinutes: number,
): { readonly text: string; readonly canRecord: boolean } {
  const plan = planArrival(times, session, arrivedAt, nowMinutes);
  if (!plan.ok) {
    const text =
      plan.error === 'arrival-after-session-end'
        ? `After the session ended (${formatHhmm(times.ends)}): cannot be recorded`
        : REFUSAL_TEXT[plan.error];
    return { text, canRecord: false };
  }
  const late = minutesLateText(minutesLateFor(times, session, arrivedAt) ?? 0);
  switch (plan.value.code) {
    case 'L':
      return { text: `L — ${late}`, canRecord: true };
    case 'U':
      return { text: `U — after the register closed, ${late}`, canRecord: true };
    default:
      return {
        text: `Present — not late (arrived by ${formatHhmm(times.lateAfter)})`,
        canRecord: true,
      };
  }
}

/** Recording a late arrival: the time defaults to now and can be changed; the code follows. */
export function LateDialog(props: LateDialogProps) {
  const { pupilName, times, session, nowTime, nowMinutes, onConfirm, onCancel } = props;
  const [arrivedAt, setArrivedAt] = useState(nowTime);
  const inputId = useId();
  const previewId = useId();
  const preview = arrivalPreview(times, session, arrivedAt, nowMinutes);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (preview.canRecord) onConfirm(arrivedAt);
  };
  return (
    <Dialog title={`${pupilName} arrived late`} onCancel={onCancel}>
      <form onSubmit={submit}>
        <label htmlFor={inputId}>Arrival time</label>
        <input
          id={inputId}
          className="rc-time"
          type="time"
          value={arrivedAt}
          required
          aria-describedby={previewId}
          onChange={(event) => {
            setArrivedAt(event.target.value);
          }}
        />
        <output id={previewId} className="rc-preview" aria-live="polite">
          {preview.text}
        </output>
        <div className="rc-dialog-actions">
          <button type="button" className="rc-button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="rc-button rc-button-primary"
            disabled={!preview.canRecord}
          >
            Record arrival
          </button>
        </div>
      </form>
    </Dialog>
  );
}
