/**
 * The office's home: every unexplained absence (`N`) against its five-school-day deadline,
 * oldest first, from this device's own copy of the school, so it works offline. Filters by group,
 * year and due; a row opens the pupil's contacts, today's calls and the one-step change; overdue
 * rows can be chosen and changed to `O` together.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { toSchoolTime } from '../../domain/index.ts';
import { readUnexplainedCells } from '../../storage/officeView.ts';
import { SCHOOL_SETUP_TEXT } from '../../text/staffText.ts';
import { useApp } from '../shared/AppContext.tsx';
import type { SchoolData } from '../shared/schoolData.ts';
import { useTicker, useTickValue } from '../shared/ticker.ts';
import { FirstSyncNote, useIsFirstSyncPending } from '../shared/FirstSyncNote.tsx';
import { useSchoolData } from '../shared/useSchoolData.ts';
import { OverdueBar } from './OverdueBar.tsx';
import { WorklistFilters } from './WorklistFilters.tsx';
import { WorklistPanel } from './WorklistPanel.tsx';
import { WorklistTable } from './WorklistTable.tsx';
import { ALL_ROWS, filterRows, worklistRows, type WorklistFilter } from './worklistData.ts';
import './office.css';

export function WorklistScreen() {
  const school = useSchoolData();
  if (school === undefined) return <p aria-busy="true">Reading the school on this device…</p>;
  if (!school.ok)
    return (
      <>
        <h1>Unexplained absences</h1>
        <p role="alert">{SCHOOL_SETUP_TEXT[school.error]}</p>
      </>
    );
  return <Worklist school={school.value} />;
}

function Worklist({ school }: { readonly school: SchoolData }) {
  const { db, engine, auth } = useApp();
  const ticker = useTicker(engine, 30_000);
  const today = useTickValue(ticker, (now) => toSchoolTime(now).date);
  const cells = useLiveQuery(() => readUnexplainedCells(db, auth.staff.id), [db, auth.staff.id]);
  const [filter, setFilter] = useState<WorklistFilter>(ALL_ROWS);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const rows = useMemo(
    () => (cells?.ok === true ? worklistRows(school, cells.value, today) : []),
    [cells, school, today],
  );
  const shown = useMemo(() => filterRows(rows, filter, school), [rows, filter, school]);
  const open = rows.find((row) => row.key === openKey) ?? null;
  const chosenRows = rows.filter((row) => row.overdue && chosen.has(row.key));
  const overdue = rows.filter((row) => row.overdue).length;
  const isFirstSyncPending = useIsFirstSyncPending(engine);

  return (
    <section className="office" aria-labelledby="worklist-title">
      <h1 id="worklist-title">Unexplained absences</h1>
      <FirstSyncNote engine={engine} />
      <p className="office-lede">
        {cells === undefined
          ? 'Reading the unexplained absences on this device…'
          : rows.length === 0
            ? isFirstSyncPending
              ? 'No unexplained absences on this device yet.'
              : 'No unexplained absences: every N has been replaced.'
            : `${String(rows.length)} N ${rows.length === 1 ? 'mark' : 'marks'} to replace` +
              (overdue > 0 ? `, ${String(overdue)} past the 5-school-day deadline.` : '.')}
      </p>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {notice !== '' && <p className="office-notice">{notice}</p>}
      {cells?.ok === false && <p role="alert">{cells.error.message}</p>}
      <WorklistFilters school={school} filter={filter} onChange={setFilter} />
      <OverdueBar
        context={{ db, engine, auth, school }}
        rows={chosenRows}
        overdueShown={shown.filter((row) => row.overdue)}
        onChooseAll={(keys) => {
          setChosen(new Set(keys));
        }}
        onDone={(text) => {
          setChosen(new Set());
          setNotice(text);
        }}
      />
      <div className={open === null ? 'worklist-layout' : 'worklist-layout has-panel'}>
        <WorklistTable
          rows={shown}
          chosen={chosen}
          openKey={openKey}
          onChoose={(key, isChosen) => {
            const next = new Set(chosen);
            if (isChosen) next.add(key);
            else next.delete(key);
            setChosen(next);
          }}
          onOpen={(row) => {
            setOpenKey(row.key === openKey ? null : row.key);
          }}
        />
        {open !== null && (
          <WorklistPanel
            key={open.key}
            row={open}
            context={{ db, engine, auth, school }}
            today={today}
            onClose={() => {
              setOpenKey(null);
              // Back to the row the panel was opened from.
              for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-row]'))
                if (button.dataset['row'] === open.key) button.focus();
            }}
            onResolved={(text) => {
              setOpenKey(null);
              setNotice(text);
            }}
          />
        )}
      </div>
    </section>
  );
}
