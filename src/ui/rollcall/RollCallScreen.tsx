/**
 * The fire roll call (issue #16, journeys.md "Any time"): on any signed-in device, with no
 * network, everyone on site now by group — a teacher's groups first — ticked off child by child,
 * a "still missing" list, and a printable version. Read from the device database and worked out
 * with the domain (`rollCallModel`); every tap is a step queued for the server, so marshals on
 * several devices share one roll call once any network is back.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { toSchoolTime } from '../../domain/index.ts';
import { readRollCallDay, type RollCallDay } from '../../storage/rollCall.ts';
import type { SyncEngine } from '../../sync/types.ts';
import { SCHOOL_SETUP_TEXT, STORAGE_ERROR_TEXT } from '../../text/staffText.ts';
import { useApp } from '../shared/AppContext.tsx';
import { FirstSyncNote } from '../shared/FirstSyncNote.tsx';
import { readSchoolData, type SchoolData } from '../shared/schoolData.ts';
import { useTicker, useTickValue } from '../shared/ticker.ts';
import { RollCallBar } from './RollCallBar.tsx';
import { RollCallList, type ListView } from './RollCallList.tsx';
import { rollCallModel } from './rollCallModel.ts';
import { toggleTick, type RollCallContext } from './rollCallWrites.ts';
import './rollcall.css';

/** The screen's clock: the school's date and minute, read every few seconds. */
function useSchoolClock(engine: SyncEngine): { date: string; time: string } {
  const ticker = useTicker(engine, 5000);
  const stamp = useTickValue(ticker, (ms) => {
    const t = toSchoolTime(ms);
    return `${t.date} ${t.time}`;
  });
  const [date = '', time = ''] = stamp.split(' ');
  return { date, time };
}

export function RollCallScreen() {
  const { db, engine, auth } = useApp();
  const { date, time } = useSchoolClock(engine);
  const authorId = auth.staff.id;
  // The school and the day are read together, so the list shows after one wait, not two.
  const read = useLiveQuery(
    () => Promise.all([readSchoolData(db), readRollCallDay(db, date, authorId)]),
    [db, date, authorId],
  );
  if (read === undefined) return <p aria-busy="true">Reading the school on this device…</p>;
  const [school, day] = read;
  if (!school.ok || !day.ok)
    return (
      <>
        <h1>Fire roll call</h1>
        <p role="alert">
          {school.ok
            ? day.ok
              ? ''
              : STORAGE_ERROR_TEXT[day.error.code]
            : SCHOOL_SETUP_TEXT[school.error]}
        </p>
      </>
    );
  return <RollCall school={school.value} day={day.value} date={date} time={time} />;
}

interface RollCallProps {
  readonly school: SchoolData;
  readonly day: RollCallDay;
  readonly date: string;
  readonly time: string;
}

function RollCall({ school, day, date, time }: RollCallProps) {
  const { db, engine, auth } = useApp();
  const authorId = auth.staff.id;
  const [view, setView] = useState<ListView>('everyone');
  const [problem, setProblem] = useState<string | null>(null);
  const model = useMemo(
    () => rollCallModel(school, day, { date, time }, auth.staff.groups),
    [school, day, date, time, auth.staff.groups],
  );
  const ctx: RollCallContext = { db, engine, authorId };
  const { rollCall } = model;
  const isRunning = rollCall !== null && rollCall.ended === null;

  const onTick = (pupilId: string) => {
    if (!isRunning) return;
    void toggleTick(ctx, rollCall, pupilId).then((result) => {
      setProblem(result === null || result.ok ? null : STORAGE_ERROR_TEXT[result.error.code]);
    });
  };

  return (
    <div className="rollcall">
      <h1>Fire roll call</h1>
      <FirstSyncNote engine={engine} />
      <RollCallBar
        model={model}
        ctx={ctx}
        staff={school.staff}
        unsent={day.unsent.size}
        isTeacher={auth.staff.role === 'teacher'}
        onProblem={setProblem}
      />
      {problem !== null && (
        <p className="error-box" role="alert">
          {problem}
        </p>
      )}
      <RollCallList
        model={model}
        school={school}
        view={view}
        onView={setView}
        onTick={isRunning ? onTick : null}
      />
    </div>
  );
}
