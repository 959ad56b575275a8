/**
 * First-day calling: once the morning registers close, today's unexplained absences as a list
 * to ring round — pupils with a social worker, looked after or with an EHC plan first — each
 * with their contacts, a `tel:` link per number, the calls made so far, and the reason recorded
 * in one step when a parent gives one.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import {
  compareByName,
  formatHhmm,
  isPriorityPupil,
  toSchoolTime,
  type IsoDate,
} from '../../domain/index.ts';
import { readUnexplainedCells } from '../../storage/officeView.ts';
import { SCHOOL_SETUP_TEXT } from '../../text/staffText.ts';
import { useApp } from '../shared/AppContext.tsx';
import type { SchoolData } from '../shared/schoolData.ts';
import { groupSessionTimes } from '../shared/schoolSetup.ts';
import { useTicker, useTickValue } from '../shared/ticker.ts';
import { FirstSyncNote, useIsFirstSyncPending } from '../shared/FirstSyncNote.tsx';
import { useSchoolData } from '../shared/useSchoolData.ts';
import { CallCard, type CallingRow } from './CallCard.tsx';
import type { OfficeContext } from './officeWrites.ts';
import './office.css';

export function CallsScreen() {
  const school = useSchoolData();
  if (school === undefined) return <p aria-busy="true">Reading the school on this device…</p>;
  if (!school.ok)
    return (
      <>
        <h1>First-day calls</h1>
        <p role="alert">{SCHOOL_SETUP_TEXT[school.error]}</p>
      </>
    );
  return <Calls school={school.value} />;
}

/** The latest AM close of any group today, `HH:mm`: the calling list starts after it. */
function lastMorningClose(school: SchoolData): string {
  let latest = 0;
  for (const group of school.groups.values()) {
    const times = groupSessionTimes(school.setup, group, 'AM');
    if (times !== null) latest = Math.max(latest, times.closes);
  }
  return formatHhmm(latest);
}

function callingRows(
  school: SchoolData,
  cells: readonly {
    pupilId: string;
    date: string;
    session: 'AM' | 'PM';
    headOpId: string | null;
  }[],
  today: IsoDate,
): CallingRow[] {
  const byPupil = new Map<string, CallingRow['sessions'][number][]>();
  for (const cell of cells) {
    if (cell.date !== today) continue;
    const list = byPupil.get(cell.pupilId) ?? [];
    list.push({ session: cell.session, headOpId: cell.headOpId });
    byPupil.set(cell.pupilId, list);
  }
  const rows: CallingRow[] = [];
  for (const [pupilId, sessions] of byPupil) {
    const pupil = school.pupils.get(pupilId);
    if (pupil === undefined) continue;
    rows.push({
      pupil,
      groupName: school.groups.get(pupil.groupId)?.name ?? '',
      sessions: sessions.sort((a, b) => a.session.localeCompare(b.session)),
      priority: isPriorityPupil(pupil.flags),
    });
  }
  return rows.sort(
    (a, b) => Number(b.priority) - Number(a.priority) || compareByName(a.pupil, b.pupil),
  );
}

function Calls({ school }: { readonly school: SchoolData }) {
  const { db, engine, auth } = useApp();
  const ticker = useTicker(engine, 30_000);
  const now = useTickValue(ticker, (ms) => toSchoolTime(ms).time);
  const today = useTickValue(ticker, (ms) => toSchoolTime(ms).date);
  const cells = useLiveQuery(() => readUnexplainedCells(db, auth.staff.id), [db, auth.staff.id]);
  const opensAfter = lastMorningClose(school);
  const rows = useMemo(
    () =>
      cells?.ok === true
        ? callingRows(
            school,
            cells.value.map((c) => ({ ...c, headOpId: c.view.head?.opId ?? null })),
            today,
          )
        : [],
    [cells, school, today],
  );
  const [notice, setNotice] = useState('');
  const context: OfficeContext = { db, engine, auth, school };
  const isBeforeClose = now <= opensAfter;
  const isFirstSyncPending = useIsFirstSyncPending(engine);
  return (
    <section className="office" aria-labelledby="calls-title">
      <h1 id="calls-title">First-day calls</h1>
      <FirstSyncNote engine={engine} />
      <p className="office-lede">
        {cells === undefined
          ? 'Reading today’s absences on this device…'
          : isBeforeClose
            ? `The morning registers close at ${opensAfter}; until then this list shows only absences already recorded as N.`
            : rows.length === 0
              ? isFirstSyncPending
                ? 'No absences without a reason on this device yet.'
                : 'Nobody is absent today without a reason.'
              : `${String(rows.length)} ${rows.length === 1 ? 'pupil' : 'pupils'} absent today with no reason yet. Pupils with a social worker, looked after or with an EHC plan come first.`}
      </p>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {notice !== '' && <p className="office-notice">{notice}</p>}
      {cells?.ok === false && <p role="alert">{cells.error.message}</p>}
      <ol className="calling-list">
        {rows.map((row) => (
          <CallCard
            key={row.pupil.id}
            row={row}
            context={context}
            today={today}
            onResolved={setNotice}
          />
        ))}
      </ol>
    </section>
  );
}
