/**
 * One unexplained absence opened: who the pupil's contacts are (and who may report absence),
 * today's calls to the family, and the one-step change of the `N` to the right code.
 */
import { useEffect, useId, useRef } from 'react';
import { pupilName, toSchoolTime, type IsoDate } from '../../domain/index.ts';
import { hrefOf } from '../../state/route.ts';
import { dayText } from '../shared/time.ts';
import { AmendForm } from './AmendForm.tsx';
import { CallLog } from './CallLog.tsx';
import { ContactList } from './ContactList.tsx';
import { logCall, recordOfficeMarks, type OfficeContext } from './officeWrites.ts';
import { useCalls } from './useCalls.ts';
import { daysLeftText } from './WorklistTable.tsx';
import type { OpenRow } from './worklistData.ts';

export interface WorklistPanelProps {
  readonly row: OpenRow;
  readonly context: OfficeContext;
  readonly today: IsoDate;
  readonly onClose: () => void;
  readonly onResolved: (text: string) => void;
}

export function WorklistPanel({ row, context, today, onClose, onResolved }: WorklistPanelProps) {
  const titleId = useId();
  const title = useRef<HTMLHeadingElement>(null);
  // Opened from the table: the keyboard goes to the panel, not on down the table's rows.
  useEffect(() => {
    title.current?.focus();
  }, []);
  const pupil = context.school.pupils.get(row.pupilId);
  const contacts = pupil?.contacts ?? [];
  const calls = useCalls(context, row.pupilId, today);
  const when = `${dayText(row.date)} ${row.session}`;
  return (
    <aside className="panel" aria-labelledby={titleId}>
      <div className="panel-head">
        <h2 id={titleId} ref={title} tabIndex={-1}>
          {pupil === undefined ? row.name : pupilName(pupil)} · {row.groupName}
        </h2>
        <button type="button" className="button button-link" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        N on {when}. Deadline {dayText(row.deadline)}:{' '}
        <span className={row.overdue ? 'overdue-text' : ''}>
          {daysLeftText(row.schoolDaysLeft).toLowerCase()}
        </span>
        . <a href={hrefOf(`/pupils/${row.pupilId}`)}>Open {row.name}’s page</a>
      </p>
      <h3>Contacts</h3>
      <ContactList contacts={contacts} />
      <CallLog
        calls={calls}
        contacts={contacts}
        nowTime={toSchoolTime(context.engine.now()).time}
        onLog={async (call) => {
          const logged = await logCall(context, { ...call, pupilId: row.pupilId, date: today });
          return logged.ok ? null : logged.error;
        }}
      />
      <h3>Replace the N</h3>
      <AmendForm
        date={row.date}
        contacts={contacts}
        withArrival
        submitLabel={`Record for ${when}`}
        onSubmit={async (amendment) => {
          const written = await recordOfficeMarks(context, [
            {
              ...amendment,
              pupilId: row.pupilId,
              date: row.date,
              session: row.session,
              basedOn: row.headOpId,
            },
          ]);
          if (!written.ok) return written.error;
          const arrived = amendment.arrivedAt === null ? '' : `, arrived ${amendment.arrivedAt}`;
          onResolved(`Recorded ${amendment.code} for ${row.name}, ${when}${arrived}.`);
          return null;
        }}
      />
    </aside>
  );
}
