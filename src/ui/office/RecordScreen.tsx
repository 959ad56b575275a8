/**
 * Recording a phone-in or a planned absence: find the pupil (name, UPN or group), choose the
 * sessions (today PM, today, today to Friday, or a range), see what each will replace, give the
 * code, the reason and who reported it, and save every session in one transaction. Read from and
 * written to this device, so it works offline; the form clears for the next call.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import { pupilName, toSchoolTime, type IsoDate } from '../../domain/index.ts';
import { readPupilCells } from '../../storage/officeView.ts';
import type { PupilRecord } from '../../storage/records.ts';
import { SCHOOL_SETUP_TEXT } from '../../text/staffText.ts';
import { useApp } from '../shared/AppContext.tsx';
import { PupilPicker } from '../shared/PupilPicker.tsx';
import { buildPupilIndex } from '../shared/pupilSearch.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { dayText } from '../shared/time.ts';
import { useTicker, useTickValue } from '../shared/ticker.ts';
import { useSchoolData } from '../shared/useSchoolData.ts';
import { AmendForm } from './AmendForm.tsx';
import { ContactList } from './ContactList.tsx';
import type { OfficeContext } from './officeWrites.ts';
import { RecordPreview } from './RecordPreview.tsx';
import {
  chosenSessions,
  confirmationText,
  initialWhen,
  previewRows,
  sessionCount,
  type When,
} from './recordSessions.ts';
import { recordAbsence } from './recordWrite.ts';
import { RecordWhen } from './RecordWhen.tsx';
import './office.css';
import './record.css';

export function RecordScreen() {
  const school = useSchoolData();
  if (school === undefined) return <p aria-busy="true">Reading the school on this device…</p>;
  if (!school.ok)
    return (
      <>
        <h1>Record an absence</h1>
        <p role="alert">{SCHOOL_SETUP_TEXT[school.error]}</p>
      </>
    );
  return <Record school={school.value} />;
}

function PickedPupil({
  pupil,
  school,
}: {
  readonly pupil: PupilRecord;
  readonly school: SchoolData;
}) {
  const titleId = useId();
  const group = school.groups.get(pupil.groupId)?.name ?? '';
  return (
    <section className="panel record-pupil" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {pupilName(pupil)} · {group}
      </h2>
      <p className="hint">
        UPN {pupil.upn}
        {pupil.leavingDate !== null && ` · Left: last day on roll ${dayText(pupil.leavingDate)}`}
      </p>
      <h3>Contacts</h3>
      <ContactList contacts={pupil.contacts} />
    </section>
  );
}

function Record({ school }: { readonly school: SchoolData }) {
  const { db, engine, auth } = useApp();
  const ticker = useTicker(engine, 30_000);
  const today = useTickValue(ticker, (now) => toSchoolTime(now).date);
  const index = useMemo(
    () =>
      buildPupilIndex(
        [...school.pupils.values()],
        new Map([...school.groups.values()].map((g) => [g.id, g.name])),
      ),
    [school],
  );
  // Each saved call starts a new round: the form's fields clear and the search takes the focus.
  const [round, setRound] = useState(0);
  const [pupilId, setPupilId] = useState<string | null>(null);
  const [when, setWhen] = useState<When>(() => initialWhen(today));
  const [notice, setNotice] = useState('');
  const pupil = pupilId === null ? undefined : school.pupils.get(pupilId);
  const cells = useLiveQuery(
    () => (pupilId === null ? null : readPupilCells(db, pupilId, auth.staff.id)),
    [db, pupilId, auth.staff.id],
  );
  const sessions = useMemo(
    () => chosenSessions(school.setup.calendar, when, today),
    [school, when, today],
  );
  const rows = useMemo(
    () =>
      sessions.ok
        ? previewRows(sessions.value, cells?.ok === true ? cells.value : [], pupil, school.staff)
        : [],
    [sessions, cells, pupil, school],
  );
  const context: OfficeContext = { db, engine, auth, school };
  const codeDate: IsoDate = sessions.ok ? (sessions.value[0]?.date ?? today) : today;

  return (
    <section className="office record" aria-labelledby="record-title">
      <h1 id="record-title">Record an absence</h1>
      <p className="office-lede">
        A phone-in or a planned absence: find the pupil, choose the sessions, then the code and the
        reason. Every session is recorded together, or none is.
      </p>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {notice !== '' && <p className="office-notice">{notice}</p>}
      <div className="record-layout">
        <div className="record-who">
          <PupilPicker
            key={round}
            index={index}
            label="Find the pupil (name, UPN or group)"
            autoFocus
            onPick={(match) => {
              setPupilId(match.pupil.id);
              setNotice('');
            }}
          />
          {pupil !== undefined && <PickedPupil pupil={pupil} school={school} />}
          {cells?.ok === false && <p role="alert">{cells.error.message}</p>}
        </div>
        <div className="record-what">
          <RecordWhen when={when} today={today} onChange={setWhen} />
          {sessions.ok ? (
            <RecordPreview rows={rows} pupilName={pupil === undefined ? null : pupilName(pupil)} />
          ) : (
            <p className="error-text record-problem">{sessions.error}</p>
          )}
          <AmendForm
            key={round}
            date={codeDate}
            contacts={pupil?.contacts ?? []}
            submitLabel={sessions.ok ? `Record ${sessionCount(sessions.value.length)}` : 'Record'}
            onSubmit={async (amendment) => {
              if (pupil === undefined) return 'Find the pupil first.';
              if (!sessions.ok) return sessions.error;
              const written = await recordAbsence(context, pupil.id, sessions.value, amendment);
              if (!written.ok) return written.error;
              setNotice(confirmationText(amendment.code, pupilName(pupil), sessions.value));
              setPupilId(null);
              setWhen(initialWhen(today));
              setRound((n) => n + 1);
              return null;
            }}
          />
        </div>
      </div>
    </section>
  );
}
