/**
 * One session of the pupil opened: its history (`CellHistoryList`) and "Amend this mark", saved
 * through the office's writes with `basedOn` the cell's current amendment, so the change follows
 * what the office saw (and resolves a conflict, docs/attendance-rules.md §4.3).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useRef, useState } from 'react';
import { toSchoolTime, type IsoDate, type Session } from '../../domain/index.ts';
import type { PupilRecord } from '../../schema/reference.ts';
import { readCellHistory } from '../../storage/officeView.ts';
import { AmendForm } from '../office/AmendForm.tsx';
import { MEANINGS, meaningOf } from '../office/meaning.ts';
import { recordOfficeMarks, type OfficeContext } from '../office/officeWrites.ts';
import { dayText } from '../shared/time.ts';
import { CellHistoryList } from './CellHistoryList.tsx';
import { historyLines } from './historyLines.ts';

export interface CellPanelProps {
  readonly context: OfficeContext;
  readonly pupil: PupilRecord;
  readonly date: IsoDate;
  readonly session: Session;
  readonly onClose: () => void;
}

export function CellPanel({ context, pupil, date, session, onClose }: CellPanelProps) {
  const titleId = useId();
  const { db, auth, school } = context;
  const [notice, setNotice] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  const history = useLiveQuery(
    () => readCellHistory(db, { pupilId: pupil.id, date, session }, auth.staff.id),
    [db, pupil.id, date, session, auth.staff.id],
  );
  const when = `${dayText(date)} ${session}`;
  const isFuture = date > toSchoolTime(context.engine.now()).date;
  const view = history?.ok === true ? history.value.view : null;
  return (
    <aside className="panel cell-panel" aria-labelledby={titleId}>
      <div className="panel-head">
        <h2 id={titleId} ref={headingRef} tabIndex={-1}>
          {when}
        </h2>
        <button type="button" className="button button-link" onClick={onClose}>
          Close
        </button>
      </div>
      {history === undefined && <p aria-busy="true">Reading this session’s history…</p>}
      {history?.ok === false && <p role="alert">{history.error.message}</p>}
      {view !== null && (
        <p>
          {view.code === null
            ? isFuture
              ? 'Nothing recorded yet.'
              : 'No mark.'
            : `The mark is ${view.code} (${MEANINGS[meaningOf(view.code, date)].label}).`}
          {view.conflict && (
            <strong className="overdue-text">
              {' '}
              Two devices disagreed: amend it to settle the mark.
            </strong>
          )}
        </p>
      )}
      {history?.ok === true && (
        <CellHistoryList
          lines={historyLines(history.value, school.staff, pupil.contacts, auth.staff)}
        />
      )}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {notice !== '' && <p className="office-notice">{notice}</p>}
      {view !== null && (
        <>
          <h3>Amend this mark</h3>
          <AmendForm
            key={view.head?.opId ?? 'blank'}
            date={date}
            contacts={pupil.contacts}
            withArrival
            submitLabel={`Record for ${when}`}
            onSubmit={async (amendment) => {
              const written = await recordOfficeMarks(context, [
                {
                  ...amendment,
                  pupilId: pupil.id,
                  date,
                  session,
                  basedOn: view.head?.opId ?? null,
                },
              ]);
              if (!written.ok) return written.error;
              const arrived =
                amendment.arrivedAt === null ? '' : `, arrived ${amendment.arrivedAt}`;
              setNotice(`Recorded ${amendment.code} for ${when}${arrived}.`);
              return null;
            }}
          />
        </>
      )}
    </aside>
  );
}
