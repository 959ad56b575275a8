/** The roll call's state, counts and actions: start, print, end (confirmed while pupils are missing). */
import { useState } from 'react';
import { toSchoolTime, type RollCallMoment } from '../../domain/index.ts';
import { STORAGE_ERROR_TEXT } from '../../text/staffText.ts';
import type { StorageResult } from '../../storage/errors.ts';
import type { StaffRecord } from '../../storage/records.ts';
import type { RollCallModel } from './rollCallModel.ts';
import { endRollCall, startRollCall, type RollCallContext } from './rollCallWrites.ts';

export interface RollCallBarProps {
  readonly model: RollCallModel;
  readonly ctx: RollCallContext;
  readonly staff: ReadonlyMap<string, StaffRecord>;
  /** This author's steps not yet sent. */
  readonly unsent: number;
  readonly isTeacher: boolean;
  readonly onProblem: (problem: string | null) => void;
}

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${String(n)} ${n === 1 ? one : many}`;

/** "10:02 by Sam Office". */
export function momentText(moment: RollCallMoment, staff: ReadonlyMap<string, StaffRecord>) {
  const who = staff.get(moment.by)?.name ?? 'a member of staff';
  return `${toSchoolTime(Date.parse(moment.at)).time} by ${who}`;
}

export function RollCallBar({ model, ctx, staff, unsent, isTeacher, onProblem }: RollCallBarProps) {
  const [isConfirmingEnd, setIsConfirmingEnd] = useState(false);
  const { rollCall, total, ticked } = model;
  const isRunning = rollCall !== null && rollCall.ended === null;
  const missing = total - ticked;

  const report = (result: StorageResult<unknown>) => {
    onProblem(result.ok ? null : STORAGE_ERROR_TEXT[result.error.code]);
  };
  const start = () => void startRollCall(ctx, model.date).then(report);
  const end = () => {
    if (rollCall === null) return;
    setIsConfirmingEnd(false);
    void endRollCall(ctx, rollCall).then(report);
  };

  return (
    <section className="rollcall-bar" aria-label="Roll call">
      {isRunning ? (
        <p className="rollcall-state">Roll call started {momentText(rollCall.started, staff)}.</p>
      ) : (
        <p className="rollcall-state">
          {rollCall?.ended != null
            ? `The last roll call ended ${momentText(rollCall.ended, staff)}. No roll call is running.`
            : 'No roll call is running today.'}
        </p>
      )}
      <p className="rollcall-counts" aria-live="polite">
        <span className="rollcall-count">
          <strong>{total}</strong> on site
        </span>
        <span className="rollcall-count is-ticked">
          <strong>{ticked}</strong> ticked off
        </span>
        <span className={`rollcall-count${missing > 0 ? ' is-missing' : ''}`}>
          <strong>{missing}</strong> still missing
        </span>
      </p>
      {unsent > 0 && (
        <p className="hint">
          {plural(unsent, 'change')} on this device not yet sent: they go as soon as any network is
          back.
        </p>
      )}
      {isTeacher && (
        <p className="hint">
          This device holds your own groups; reception and the office hold the whole school.
        </p>
      )}
      <div className="actions rollcall-actions">
        {!isRunning && (
          <button type="button" className="button button-primary rollcall-start" onClick={start}>
            Start the roll call
          </button>
        )}
        <button
          type="button"
          className="button"
          onClick={() => {
            window.print();
          }}
        >
          Print the list
        </button>
        {isRunning && !isConfirmingEnd && (
          <button
            type="button"
            className="button"
            onClick={() => {
              if (missing > 0) setIsConfirmingEnd(true);
              else end();
            }}
          >
            End the roll call
          </button>
        )}
      </div>
      {isRunning && isConfirmingEnd && (
        <div className="rollcall-confirm" role="group" aria-label="End the roll call?">
          <p>
            <strong>{plural(missing, 'pupil is', 'pupils are')} not ticked off.</strong> End the
            roll call anyway?
          </p>
          <div className="actions">
            <button type="button" className="button button-primary" onClick={end}>
              End it now
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setIsConfirmingEnd(false);
              }}
            >
              Keep ticking
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
