/**
 * The pupil picked at the desk: who they are, today's marks and movements, and the three things
 * the desk does — sign a late arrival in, sign out, sign back in.
 */
import { useId, useState } from 'react';
import { isSignedOutAt, pupilName, toSchoolTime } from '../../domain/index.ts';
import type { PupilRecord } from '../../storage/records.ts';
import { dayMovementsText } from '../shared/movementText.ts';
import { useTickValue, type Ticker } from '../shared/ticker.ts';
import { ArrivalForm } from './ArrivalForm.tsx';
import type { DeskDay } from './deskData.ts';
import { pupilDay, type DeskContext } from './deskWrites.ts';
import { MovementForm } from './MovementForm.tsx';

export interface DeskPupilProps {
  readonly ctx: DeskContext;
  readonly pupil: PupilRecord;
  readonly day: DeskDay;
  readonly ticker: Ticker;
  /** Called once something was recorded, with the sentence that says what. */
  readonly onDone: (text: string) => void;
  readonly onCancel: () => void;
}

type Task = 'arrival' | 'move';

function markText(code: string | null): string {
  return code ?? 'no mark yet';
}

export function DeskPupil({ ctx, pupil, day, ticker, onDone, onCancel }: DeskPupilProps) {
  const titleId = useId();
  const nowTime = useTickValue(ticker, (now) => toSchoolTime(now).time);
  const today = pupilDay(day, pupil.id);
  const isOut = isSignedOutAt(today.movements, nowTime);
  const [task, setTask] = useState<Task>(isOut ? 'move' : 'arrival');
  const group = ctx.school.groups.get(pupil.groupId)?.name ?? '';
  const name = pupilName(pupil);
  const moves = today.movements.length === 0 ? null : dayMovementsText(today.movements);

  return (
    <section className="desk-panel" aria-labelledby={titleId}>
      <div className="desk-panel-head">
        <h2 id={titleId}>
          {name} · {group}
        </h2>
        <button type="button" className="button" onClick={onCancel}>
          Close
        </button>
      </div>
      <p className="hint">
        UPN {pupil.upn} · Today: AM {markText(today.marks.AM)}, PM {markText(today.marks.PM)}
      </p>
      {moves !== null && <p className={isOut ? 'desk-away' : 'hint'}>{moves}</p>}
      <div className="desk-tasks" role="group" aria-label="What to record">
        <button
          type="button"
          className="button"
          aria-pressed={task === 'arrival'}
          onClick={() => {
            setTask('arrival');
          }}
        >
          Late arrival
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={task === 'move'}
          onClick={() => {
            setTask('move');
          }}
        >
          {isOut ? 'Back in school' : 'Leaving school'}
        </button>
      </div>
      {task === 'arrival' ? (
        <ArrivalForm ctx={ctx} pupil={pupil} day={today} ticker={ticker} onDone={onDone} />
      ) : (
        <MovementForm
          ctx={ctx}
          pupil={pupil}
          day={today}
          direction={isOut ? 'in' : 'out'}
          ticker={ticker}
          onDone={onDone}
        />
      )}
    </section>
  );
}
