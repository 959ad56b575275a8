import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { err, ok, type IsoDate, type Session } from '../../domain/index.ts';
import { REGISTER_PROBLEM_TEXT } from '../../text/staffText.ts';
import { useApp } from '../shared/AppContext.tsx';
import { RegisterBody } from './RegisterBody.tsx';
import {
  keepUnchangedRows,
  loadDayMovements,
  loadRegisterCells,
  loadRegisterSetup,
  registerData,
  type PupilRow,
  type RegisterLoad,
} from './registerData.ts';
import { useTicker } from '../shared/ticker.ts';
import './register.css';

export interface RegisterScreenProps {
  readonly groupId: string;
  readonly date: IsoDate;
  readonly session: Session;
}

/**
 * One group's register for one session: every pupil as a card, marked with one tap, locked at the
 * close time by the tablet's corrected clock. Reads the device database through two live queries
 * (the group and its pupils; the cells), so marks the office or reception make appear as soon as
 * they are pulled, and a mark re-reads only the cells.
 */
export function RegisterScreen({ groupId, date, session }: RegisterScreenProps) {
  const { db, engine, auth } = useApp();
  const viewer = auth.staff;
  const setup = useLiveQuery(
    () => loadRegisterSetup(db, groupId, date, session, viewer),
    [db, groupId, date, session, viewer],
  );
  const sources = useLiveQuery(
    () => loadRegisterCells(db, date, session, viewer.id),
    [db, date, session, viewer.id],
  );
  const movements = useLiveQuery(() => loadDayMovements(db, date), [db, date]);
  const read = useMemo((): RegisterLoad | undefined => {
    if (setup === undefined || sources === undefined || movements === undefined) return undefined;
    if (!setup.ok) return setup;
    if (sources === null || movements === null) return err('unreadable');
    return ok(registerData(setup.value, sources, viewer.id, movements));
  }, [setup, sources, movements, viewer.id]);
  // A re-read keeps the objects of rows that did not change, so only changed cards render again.
  const [kept, setKept] = useState<{ from: typeof read; rows: readonly PupilRow[] }>({
    from: undefined,
    rows: [],
  });
  if (read?.ok === true && kept.from !== read)
    setKept({ from: read, rows: keepUnchangedRows(kept.rows, read.value.rows) });
  const load = useMemo(
    () => (read?.ok === true ? ok({ ...read.value, rows: kept.rows }) : read),
    [read, kept.rows],
  );
  const ticker = useTicker(engine);
  if (load === undefined)
    return (
      <section className="rc-register" aria-busy="true">
        <p>Opening the register…</p>
      </section>
    );
  if (!load.ok)
    return (
      <section className="rc-register">
        <h1>Register</h1>
        <p role="alert">{REGISTER_PROBLEM_TEXT[load.error]}</p>
        <p>
          <a href="#/today">Back to today</a>
        </p>
      </section>
    );
  return (
    <RegisterBody
      key={`${groupId}/${date}/${session}`}
      data={load.value}
      date={date}
      session={session}
      ticker={ticker}
    />
  );
}
