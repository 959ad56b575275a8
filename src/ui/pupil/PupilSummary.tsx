/**
 * The top of the pupil page: who they are (group, year, flags, time on roll), their attendance
 * for the school year to date, and their alerts.
 */
import { formatPct, isPriorityPupil, type IsoDate } from '../../domain/index.ts';
import type { PupilRecord } from '../../schema/reference.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { dayText } from '../shared/time.ts';
import type { AlertLine } from './alertText.ts';
import type { PupilFigures } from './pupilYear.ts';

/** The cohort flags' words, the priority ones (design: chased first) first. */
const FLAG_TEXT: readonly (readonly [flag: string, text: string])[] = [
  ['socialWorker', 'Social worker'],
  ['lookedAfter', 'Looked after'],
  ['ehcPlan', 'EHC plan'],
  ['previouslyLookedAfter', 'Previously looked after'],
  ['senSupport', 'SEN support'],
  ['fsm', 'Free school meals'],
  ['pupilPremium', 'Pupil premium'],
  ['eal', 'English as an additional language'],
  ['youngCarer', 'Young carer'],
];
const PRIORITY_FLAGS = new Set(['socialWorker', 'lookedAfter', 'ehcPlan']);

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "5 September 2022". */
export function longDate(date: IsoDate): string {
  return LONG_DATE.format(new Date(`${date}T00:00:00Z`));
}

export function PupilHeader(props: {
  readonly pupil: PupilRecord;
  readonly school: SchoolData;
  readonly name: string;
  readonly titleId: string;
}) {
  const { pupil, school, name, titleId } = props;
  const group = school.groups.get(pupil.groupId);
  const flags = FLAG_TEXT.filter(([flag]) => pupil.flags[flag] === true);
  return (
    <header className="pupil-header">
      <h1 id={titleId}>{name}</h1>
      <p className="pupil-facts">
        <span>{group === undefined ? 'No group' : `Group ${group.name}`}</span>
        {group !== undefined && <span>Year {group.yearGroup}</span>}
        <span>UPN {pupil.upn}</span>
        <span>
          On roll from {longDate(pupil.admissionDate)}
          {pupil.leavingDate === null ? '' : ` to ${longDate(pupil.leavingDate)}`}
        </span>
      </p>
      {flags.length > 0 && (
        <ul className="pupil-flags" aria-label="Flags">
          {flags.map(([flag, text]) => (
            <li key={flag} className={PRIORITY_FLAGS.has(flag) ? 'tag tag-priority' : 'tag'}>
              {text}
            </li>
          ))}
        </ul>
      )}
      {isPriorityPupil(pupil.flags) && (
        <p className="hint">Chased first on the calling list when absent without a reason.</p>
      )}
    </header>
  );
}

export function PupilFiguresView({ figures }: { readonly figures: PupilFigures }) {
  const { stats } = figures;
  const notes = [
    ...(stats.isSevere ? ['Severely absent (50% or more)'] : []),
    ...(stats.isPersistent && !stats.isSevere ? ['Persistently absent (10% or more)'] : []),
    ...figures.triggers,
  ];
  return (
    <section aria-labelledby="pupil-figures-title">
      <h2 id="pupil-figures-title">This school year</h2>
      <p className="hint">
        From {longDate(figures.from)} to today, {dayText(figures.to)}: the sessions while on roll.
      </p>
      <dl className="figures">
        <div>
          <dt>Attendance</dt>
          <dd>{stats.attendancePct === null ? '–' : `${formatPct(stats.attendancePct)}%`}</dd>
        </div>
        <div>
          <dt>Possible sessions</dt>
          <dd>{stats.possible}</dd>
        </div>
        <div>
          <dt>Attended</dt>
          <dd>{stats.attendance}</dd>
        </div>
        <div>
          <dt>Authorised absence</dt>
          <dd>{stats.authorised}</dd>
        </div>
        <div>
          <dt>Unauthorised absence</dt>
          <dd>{stats.unauthorised}</dd>
        </div>
      </dl>
      {(stats.band !== null || notes.length > 0) && (
        <p>
          {stats.band !== null && <span className="tag">Band: {stats.band}</span>}
          {notes.map((note) => (
            <span key={note} className="tag tag-warning">
              {note}
            </span>
          ))}
        </p>
      )}
    </section>
  );
}

export function PupilAlertsView({ lines }: { readonly lines: readonly AlertLine[] | null }) {
  return (
    <section aria-labelledby="pupil-alerts-title">
      <h2 id="pupil-alerts-title">Alerts</h2>
      {lines === null ? (
        <p className="hint">
          The school’s settings are not on this device yet, so alerts cannot be worked out. Sync,
          then look again.
        </p>
      ) : lines.length === 0 ? (
        <p className="hint">No alerts today.</p>
      ) : (
        <ul className="alert-list">
          {lines.map((line) => (
            <li key={line.key} className={line.isDue ? 'alert-line is-due' : 'alert-line'}>
              <strong>{line.title}</strong> {line.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
