/**
 * The signing-in desk (journeys.md, "Reception"): find a pupil from three letters, then sign a
 * late arrival in, sign them out for an appointment, or back in; today's desk log below. Read
 * from and written to this device, so the desk works with no network and sends when it can.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { toSchoolTime } from '../../domain/index.ts';
import { SCHOOL_SETUP_TEXT } from '../../text/staffText.ts';
import { useApp } from '../shared/AppContext.tsx';
import { PupilPicker } from '../shared/PupilPicker.tsx';
import { buildPupilIndex } from '../shared/pupilSearch.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { dayText } from '../shared/time.ts';
import { useTicker, useTickValue } from '../shared/ticker.ts';
import { useSchoolData } from '../shared/useSchoolData.ts';
import { DeskLog } from './DeskLog.tsx';
import { DeskPupil } from './DeskPupil.tsx';
import { readDeskDay } from './deskData.ts';
import type { DeskContext } from './deskWrites.ts';
import './desk.css';

export function DeskScreen() {
  const school = useSchoolData();
  if (school === undefined) return <p aria-busy="true">Reading the school on this device…</p>;
  if (!school.ok)
    return (
      <>
        <h1>Signing-in desk</h1>
        <p role="alert">{SCHOOL_SETUP_TEXT[school.error]}</p>
      </>
    );
  return <Desk school={school.value} />;
}

function Desk({ school }: { readonly school: SchoolData }) {
  const { db, engine, auth } = useApp();
  const ticker = useTicker(engine);
  const today = useTickValue(ticker, (now) => toSchoolTime(now).date);
  const index = useMemo(
    () =>
      buildPupilIndex(
        [...school.pupils.values()],
        new Map([...school.groups.values()].map((g) => [g.id, g.name])),
      ),
    [school],
  );
  const day = useLiveQuery(() => readDeskDay(db, today, auth.staff.id), [db, today, auth.staff.id]);
  const [round, setRound] = useState(0);
  const [pupilId, setPupilId] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const pupil = pupilId === null ? undefined : school.pupils.get(pupilId);
  const ctx: DeskContext = { db, engine, auth, school };

  return (
    <section className="desk" aria-labelledby="desk-title">
      <h1 id="desk-title">Signing-in desk · {dayText(today)}</h1>
      <p className={notice === '' ? 'visually-hidden' : 'desk-notice'} role="status">
        {notice}
      </p>
      <div className="desk-layout">
        <div className="desk-work">
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
          {day?.ok === false && <p role="alert">{day.error.message}</p>}
          {pupil !== undefined && day?.ok === true && (
            <DeskPupil
              key={`${pupil.id}-${String(round)}`}
              ctx={ctx}
              pupil={pupil}
              day={day.value}
              ticker={ticker}
              onDone={(text) => {
                setNotice(text);
                setPupilId(null);
                setRound((n) => n + 1);
              }}
              onCancel={() => {
                setPupilId(null);
                setRound((n) => n + 1);
              }}
            />
          )}
        </div>
        <DeskLog school={school} day={day?.ok === true ? day.value : null} today={today} />
      </div>
    </section>
  );
}
