/**
 * The pupil's year, session by session: the heatmap, the same sessions as a table a month at a
 * time, and beside them the chosen session's history and amendment. Choosing a session moves
 * the focus to its panel; closing the panel gives it back to the session's button.
 */
import { useEffect, useRef, useState } from 'react';
import type { IsoDate, Session } from '../../domain/index.ts';
import type { PupilRecord } from '../../schema/reference.ts';
import { MEANINGS, type Meaning } from '../office/meaning.ts';
import type { OfficeContext } from '../office/officeWrites.ts';
import { CellPanel } from './CellPanel.tsx';
import { SessionHeatmap, type HeatmapSession } from './SessionHeatmap.tsx';
import { monthOf, monthsOf, SessionTable } from './SessionTable.tsx';
import { sessionKey } from './pupilYear.ts';

export interface PupilYearProps {
  readonly context: OfficeContext;
  readonly pupil: PupilRecord;
  readonly name: string;
  readonly sessions: readonly HeatmapSession[];
  readonly today: IsoDate;
}

/** "Amelia Jones’s school year: 120 sessions — 100 Present, 4 Late (L), …". */
function summary(name: string, sessions: readonly HeatmapSession[]): string {
  const counts = new Map<Meaning, number>();
  for (const s of sessions) counts.set(s.meaning, (counts.get(s.meaning) ?? 0) + 1);
  const parts = [...counts].map(([meaning, n]) => `${String(n)} ${MEANINGS[meaning].label}`);
  return `${name}’s school year: ${String(sessions.length)} sessions — ${parts.join(', ')}.`;
}

/** The month the table opens on: this month if the year has it, else the nearest end. */
function startMonth(sessions: readonly HeatmapSession[], today: IsoDate): string {
  const months = monthsOf(sessions);
  const now = monthOf(today);
  if (months.includes(now)) return now;
  const first = months[0] ?? now;
  return now < first ? first : (months[months.length - 1] ?? now);
}

export function PupilYear({ context, pupil, name, sessions, today }: PupilYearProps) {
  const [selected, setSelected] = useState<{ date: IsoDate; session: Session } | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const returnTo = useRef<string | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected !== null || returnTo.current === null) return;
    tableRef.current
      ?.querySelector<HTMLButtonElement>(`[data-session="${returnTo.current}"]`)
      ?.focus();
    returnTo.current = null;
  }, [selected]);

  function select(date: IsoDate, session: Session): void {
    setSelected({ date, session });
    setMonth(monthOf(date));
  }

  return (
    <section className="pupil-year" aria-labelledby="pupil-year-title">
      <h2 id="pupil-year-title">The year, session by session</h2>
      <SessionHeatmap
        sessions={sessions}
        label={summary(name, sessions)}
        selected={selected}
        onSelect={select}
      />
      {sessions.length > 0 && (
        <div className={selected === null ? 'year-layout' : 'year-layout has-panel'}>
          <div ref={tableRef}>
            <SessionTable
              sessions={sessions}
              month={month ?? startMonth(sessions, today)}
              onMonth={setMonth}
              selected={selected}
              onSelect={select}
            />
          </div>
          {selected !== null && (
            <CellPanel
              key={sessionKey(selected.date, selected.session)}
              context={context}
              pupil={pupil}
              date={selected.date}
              session={selected.session}
              onClose={() => {
                returnTo.current = sessionKey(selected.date, selected.session);
                setSelected(null);
              }}
            />
          )}
        </div>
      )}
    </section>
  );
}
