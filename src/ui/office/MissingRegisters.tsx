/**
 * Registers not taken on a date: each group's AM or PM register that closed with pupils left
 * unmarked, with the teachers to chase. Today's list grows as registers close, on the screen's
 * corrected clock; any other date of the year can be chosen.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import { isIsoDate, sessionsOn, type IsoDate } from '../../domain/index.ts';
import { readDayMarks } from '../../storage/registerView.ts';
import { useApp } from '../shared/AppContext.tsx';
import type { SchoolData } from '../shared/schoolData.ts';
import { dayText } from '../shared/time.ts';
import { missingRows, type MissingRow } from './registersData.ts';

export interface MissingRegistersProps {
  readonly school: SchoolData;
  readonly today: IsoDate;
  /** The screen's corrected clock, to the minute (epoch ms). */
  readonly nowMs: number;
}

function summary(rows: readonly MissingRow[], date: IsoDate, props: MissingRegistersProps) {
  const day = date === props.today ? `today (${dayText(date)})` : dayText(date);
  if (sessionsOn(props.school.setup.calendar, date).length === 0)
    return `No registers on ${dayText(date)}: it is not a school day (a weekend, holiday or closure).`;
  if (date > props.today) return `${dayText(date)} is still to come: no register has closed yet.`;
  if (rows.length === 0)
    return date === props.today
      ? `No register has been missed so far ${day}.`
      : `Every register on ${day} was taken.`;
  const count = `${String(rows.length)} ${rows.length === 1 ? 'register' : 'registers'}`;
  return date === props.today
    ? `${count} not taken so far ${day}.`
    : `${count} not taken on ${day}.`;
}

export function MissingRegisters(props: MissingRegistersProps) {
  const { school, today, nowMs } = props;
  const { db, auth } = useApp();
  const id = useId();
  const [picked, setPicked] = useState<IsoDate | null>(null);
  // What the date field holds: '' while it is cleared or half typed (the list keeps its date).
  const [typed, setTyped] = useState<string>(today);
  const date = picked ?? today;
  const fieldValue = picked === null && typed !== '' ? today : typed;
  const marks = useLiveQuery(
    () => readDayMarks(db, date, auth.staff.id),
    [db, date, auth.staff.id],
  );
  const rows = useMemo(
    () => (marks?.ok === true ? missingRows(school, date, nowMs, marks.value) : []),
    [marks, school, date, nowMs],
  );

  return (
    <section className="registers-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Registers not taken</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-date`}>Date</label>
          <input
            id={`${id}-date`}
            type="date"
            value={fieldValue}
            onChange={(event) => {
              const value = event.target.value;
              setTyped(value);
              if (isIsoDate(value)) setPicked(value === today ? null : value);
            }}
          />
        </div>
        <button
          type="button"
          className="button"
          disabled={picked === null}
          onClick={() => {
            setPicked(null);
            setTyped(today);
          }}
        >
          Back to today
        </button>
      </div>
      {marks === undefined && <p aria-busy="true">Reading the day’s marks…</p>}
      {marks?.ok === false && <p role="alert">{marks.error.message}</p>}
      {marks?.ok === true && (
        <p className="office-lede" aria-live="polite">
          {summary(rows, date, props)}
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table missing-table">
            <caption className="visually-hidden">Registers not taken on {dayText(date)}</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Register</th>
                <th scope="col">Closed at</th>
                <th scope="col">Pupils with no mark</th>
                <th scope="col">Teachers</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.groupName}</th>
                  <td>{row.session}</td>
                  <td>{row.closes}</td>
                  <td>
                    {row.unmarked} of {row.onRoll}
                  </td>
                  <td>
                    {row.teachers.length === 0 ? 'No teacher assigned' : row.teachers.join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
