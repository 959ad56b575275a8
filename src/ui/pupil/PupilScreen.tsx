/**
 * A pupil's page, from this device's own copy of the school so it works offline: who they are,
 * their attendance and alerts for the year, their contacts, late arrivals and movements, and the
 * year as a heatmap of sessions whose every cell opens its history and can be amended.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo } from 'react';
import { pupilName, toSchoolTime } from '../../domain/index.ts';
import type { PupilRecord } from '../../schema/reference.ts';
import { hrefOf } from '../../state/route.ts';
import { readPupilCells } from '../../storage/officeView.ts';
import { SCHOOL_SETUP_TEXT } from '../../text/staffText.ts';
import { ContactList } from '../office/ContactList.tsx';
import { useApp } from '../shared/AppContext.tsx';
import { FirstSyncNote } from '../shared/FirstSyncNote.tsx';
import type { SchoolData } from '../shared/schoolData.ts';
import { useTicker, useTickValue } from '../shared/ticker.ts';
import { useSchoolData } from '../shared/useSchoolData.ts';
import { alertLines } from './alertText.ts';
import { lateArrivals, PupilMovements } from './PupilMovements.tsx';
import { readPupilMovements, readSchoolSettings } from './pupilReads.ts';
import { PupilAlertsView, PupilFiguresView, PupilHeader } from './PupilSummary.tsx';
import { PupilYear } from './PupilYear.tsx';
import { heatmapSessions, pupilAlerts, pupilFigures, sessionKey } from './pupilYear.ts';
import '../office/office.css';
import './pupil.css';

export function PupilScreen({ pupilId }: { readonly pupilId: string }) {
  const school = useSchoolData();
  const { engine } = useApp();
  if (school === undefined) return <p aria-busy="true">Reading the school on this device…</p>;
  if (!school.ok)
    return (
      <>
        <h1>Pupil</h1>
        <p role="alert">{SCHOOL_SETUP_TEXT[school.error]}</p>
      </>
    );
  const pupil = school.value.pupils.get(pupilId);
  if (pupil === undefined)
    return (
      <section className="office">
        <h1>Pupil not on this device</h1>
        <FirstSyncNote engine={engine} />
        <p role="alert">
          No pupil with this link is on this device. If the school added them recently, sync, then
          try again; or find the pupil by name.
        </p>
        <p>
          <a className="button" href={hrefOf('/pupils')}>
            Find a pupil
          </a>
        </p>
      </section>
    );
  return <PupilPage school={school.value} pupil={pupil} />;
}

function PupilPage({
  school,
  pupil,
}: {
  readonly school: SchoolData;
  readonly pupil: PupilRecord;
}) {
  const { db, engine, auth } = useApp();
  const titleId = useId();
  const ticker = useTicker(engine, 60_000);
  const today = useTickValue(ticker, (ms) => toSchoolTime(ms).date);
  const cells = useLiveQuery(
    () => readPupilCells(db, pupil.id, auth.staff.id),
    [db, pupil.id, auth.staff.id],
  );
  const settings = useLiveQuery(() => readSchoolSettings(db), [db]);
  const movements = useLiveQuery(() => readPupilMovements(db, pupil.id), [db, pupil.id]);
  const name = pupilName(pupil);
  const calendar = school.setup.calendar;
  const year = useMemo(() => {
    if (cells?.ok !== true || settings === undefined) return null;
    const alerts =
      settings === null ? null : pupilAlerts(calendar, settings, pupil, cells.value, today);
    const sessions = heatmapSessions(calendar, pupil, cells.value, today);
    const arrivals = new Map(
      cells.value.map((c) => [sessionKey(c.date, c.session), c.view.head?.arrivedAt ?? null]),
    );
    return {
      sessions,
      figures: pupilFigures(pupil, cells.value, today, settings),
      alerts: alerts?.ok === true ? alertLines(alerts.value) : null,
      alertsError: alerts?.ok === false ? alerts.error.message : null,
      late: lateArrivals(sessions, arrivals),
    };
  }, [cells, settings, calendar, pupil, today]);

  return (
    <section className="office pupil-page" aria-labelledby={titleId}>
      <p className="back-link">
        <a href={hrefOf('/pupils')}>All pupils</a>
      </p>
      <PupilHeader pupil={pupil} school={school} name={name} titleId={titleId} />
      <FirstSyncNote engine={engine} />
      {cells?.ok === false && <p role="alert">{cells.error.message}</p>}
      {movements?.ok === false && <p role="alert">{movements.error.message}</p>}
      {year === null ? (
        cells?.ok !== false && <p aria-busy="true">Reading {name}’s marks on this device…</p>
      ) : (
        <>
          <div className="pupil-top">
            {year.figures.ok ? (
              <PupilFiguresView figures={year.figures.value} />
            ) : (
              <p role="alert">{year.figures.error.message}</p>
            )}
            {year.alertsError === null ? (
              <PupilAlertsView lines={year.alerts} />
            ) : (
              <p role="alert">{year.alertsError}</p>
            )}
          </div>
          <PupilYear
            context={{ db, engine, auth, school }}
            pupil={pupil}
            name={name}
            sessions={year.sessions}
            today={today}
          />
          <div className="pupil-columns">
            <section aria-labelledby="pupil-contacts-title">
              <h2 id="pupil-contacts-title">Contacts</h2>
              <ContactList contacts={pupil.contacts} />
            </section>
            <PupilMovements
              late={year.late}
              movements={movements?.ok === true ? movements.value : null}
              school={school}
            />
          </div>
        </>
      )}
    </section>
  );
}
