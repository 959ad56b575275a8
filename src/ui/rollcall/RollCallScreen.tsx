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
import { readRollCallDay } from '../../storage/rollCall.ts';
import { SCHOOL_SETUP_TEXT, STORAGE_ERROR_TEXT } from '../../text/staffText.ts';
import { useApp } from '../shared/AppContext.tsx';
import { FirstSyncNote } from '../shared/FirstSyncNote.tsx';
import type { SchoolData } from '../shared/schoolData.ts';
import { useTicker, useTickValue } from '../shared/ticker.ts';
import { useSchoolData } from '../shared/useSchoolData.ts';
import { RollCallBar } from './RollCallBar.tsx';
import { RollCallList, type ListView } from './RollCallList.tsx';
import { rollCallModel } from './rollCallModel.ts';
import { toggleTick, type RollCallContext } from './rollCallWrites.ts';
import './rollcall.css';

export function RollCallScreen() {
  const school = useSchoolData();
  if (school === undefined) return <p aria-busy="true">Reading the school on this device…</p>;
  if (!school.ok)
    return (
      <>
        <h1>Fire roll call</h1>
        <p role="alert">{SCHOOL_SETUP_TEXT[school.error]}</p>
      </>
    );
  return <RollCall school={school.value} />;
}

function RollCall({ school }: { readonly school: SchoolData }) {
  const { db, engine, auth } = useApp();
  const ticker = useTicker(engine, 5000);
  const stamp = useTickValue(ticker, (ms) => {
    const t = toSchoolTime(ms);
    return `${t.date} ${t.time}`;
  });
  const [date = '', time = ''] = stamp.split(' ');
  const authorId = auth.staff.id;
  const day = useLiveQuery(() => readRollCallDay(db, date, authorId), [db, date, authorId]);
  const [view, setView] = useState<ListView>('everyone');
  const [problem, setProblem] = useState<string | null>(null);
  const model = useMemo(
    () =>
      day?.ok === true ? rollCallModel(school, day.value, { date, time }, auth.staff.groups) : null,
    [school, day, date, time, auth.staff.groups],
  );
  const ctx: RollCallContext = { db, engine, authorId };

  if (day === undefined) return <p aria-busy="true">Reading today’s registers on this device…</p>;
  if (!day.ok) return <p role="alert">{STORAGE_ERROR_TEXT[day.error.code]}</p>;
  if (model === null) return null;
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
        unsent={day.value.unsent.size}
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
