/** One pupil on the first-day calling list: who to ring, the calls so far, and the reason. */
import { useId, useState } from 'react';
import { pupilName, toSchoolTime, type IsoDate, type Session } from '../../domain/index.ts';
import type { PupilRecord } from '../../storage/records.ts';
import { hrefOf } from '../../state/route.ts';
import { AmendForm } from './AmendForm.tsx';
import { CallLog } from './CallLog.tsx';
import { ContactList } from './ContactList.tsx';
import { logCall, recordOfficeMarks, type OfficeContext } from './officeWrites.ts';
import { useCalls } from './useCalls.ts';

export interface CallingRow {
  readonly pupil: PupilRecord;
  readonly groupName: string;
  /** Today's sessions marked `N`, each with the amendment a change is based on. */
  readonly sessions: readonly { readonly session: Session; readonly headOpId: string | null }[];
  readonly priority: boolean;
}

const PRIORITY_FLAGS = {
  socialWorker: 'Social worker',
  lookedAfter: 'Looked after',
  ehcPlan: 'EHC plan',
};

export interface CallCardProps {
  readonly row: CallingRow;
  readonly context: OfficeContext;
  readonly today: IsoDate;
  /** Told once the reason is recorded (the pupil then leaves the list). */
  readonly onResolved: (text: string) => void;
}

export function CallCard({ row, context, today, onResolved }: CallCardProps) {
  const id = useId();
  const [isRecording, setIsRecording] = useState(false);
  const calls = useCalls(context, row.pupil.id, today);
  const name = pupilName(row.pupil);
  const sessions = row.sessions.map((s) => s.session).join(' and ');
  return (
    <li className="panel calling-card" aria-labelledby={`${id}-name`}>
      <h2 id={`${id}-name`}>
        <a href={hrefOf(`/pupils/${row.pupil.id}`)}>{name}</a> · {row.groupName}
      </h2>
      <p>
        N today ({sessions}).{' '}
        {Object.entries(PRIORITY_FLAGS).map(([flag, text]) =>
          row.pupil.flags[flag] === true ? (
            <span key={flag} className="tag tag-priority">
              {text}
            </span>
          ) : null,
        )}
      </p>
      <ContactList contacts={row.pupil.contacts} />
      <CallLog
        calls={calls}
        contacts={row.pupil.contacts}
        nowTime={toSchoolTime(context.engine.now()).time}
        onLog={async (call) => {
          const logged = await logCall(context, { ...call, pupilId: row.pupil.id, date: today });
          return logged.ok ? null : logged.error;
        }}
      />
      {isRecording ? (
        <AmendForm
          date={today}
          contacts={row.pupil.contacts}
          submitLabel={`Record for today ${sessions}`}
          onCancel={() => {
            setIsRecording(false);
          }}
          onSubmit={async (amendment) => {
            const written = await recordOfficeMarks(
              context,
              row.sessions.map((s) => ({
                ...amendment,
                pupilId: row.pupil.id,
                date: today,
                session: s.session,
                basedOn: s.headOpId,
              })),
            );
            if (!written.ok) return written.error;
            onResolved(`Recorded ${amendment.code} for ${name}, today ${sessions}.`);
            return null;
          }}
        />
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => {
            setIsRecording(true);
          }}
        >
          Record the reason…
        </button>
      )}
    </li>
  );
}
