/**
 * Finding a pupil's page: type three letters of a name, a UPN or a group, or browse a group's
 * pupils. Over this device's copy of the school, so it works offline; pupils who have left are
 * found too, marked as such.
 */
import { useMemo, useState } from 'react';
import { compareByName, isOnRoll, pupilName, toSchoolTime } from '../../domain/index.ts';
import type { GroupRecord } from '../../schema/reference.ts';
import { hrefOf, navigate } from '../../state/route.ts';
import { SCHOOL_SETUP_TEXT } from '../../text/staffText.ts';
import { useApp } from '../shared/AppContext.tsx';
import { FirstSyncNote } from '../shared/FirstSyncNote.tsx';
import { PupilPicker } from '../shared/PupilPicker.tsx';
import { buildPupilIndex } from '../shared/pupilSearch.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { useSchoolData } from '../shared/useSchoolData.ts';
import { longDate } from './PupilSummary.tsx';
import '../office/office.css';
import './pupil.css';

export function PupilsScreen() {
  const school = useSchoolData();
  if (school === undefined) return <p aria-busy="true">Reading the school on this device…</p>;
  if (!school.ok)
    return (
      <>
        <h1>Pupils</h1>
        <p role="alert">{SCHOOL_SETUP_TEXT[school.error]}</p>
      </>
    );
  return <Pupils school={school.value} />;
}

/** Groups by year, then name ("R", "1A", "1B", …). */
function sortedGroups(school: SchoolData): GroupRecord[] {
  return [...school.groups.values()].sort(
    (a, b) => a.yearGroup - b.yearGroup || a.name.localeCompare(b.name, 'en-GB', { numeric: true }),
  );
}

/** The groups under their year, in order. */
function byYear(groups: readonly GroupRecord[]): [number, GroupRecord[]][] {
  const years = new Map<number, GroupRecord[]>();
  for (const g of groups) years.set(g.yearGroup, [...(years.get(g.yearGroup) ?? []), g]);
  return [...years];
}

function Pupils({ school }: { readonly school: SchoolData }) {
  const { engine } = useApp();
  const today = toSchoolTime(engine.now()).date;
  const index = useMemo(
    () =>
      buildPupilIndex(
        [...school.pupils.values()],
        new Map([...school.groups.values()].map((g) => [g.id, g.name])),
      ),
    [school],
  );
  const groups = useMemo(() => sortedGroups(school), [school]);
  const [groupId, setGroupId] = useState('');
  const inGroup = useMemo(
    () =>
      [...school.pupils.values()]
        .filter((p) => p.groupId === groupId)
        .sort(
          (a, b) => Number(isOnRoll(b, today)) - Number(isOnRoll(a, today)) || compareByName(a, b),
        ),
    [school, groupId, today],
  );
  const group = school.groups.get(groupId);

  return (
    <section className="office pupils" aria-labelledby="pupils-title">
      <h1 id="pupils-title">Pupils</h1>
      <FirstSyncNote engine={engine} />
      <PupilPicker
        index={index}
        label="Find a pupil"
        autoFocus
        onPick={(match) => {
          navigate(`/pupils/${match.pupil.id}`);
        }}
      />
      <h2>Browse a group</h2>
      {groups.length === 0 ? (
        <p className="hint">No groups on this device yet.</p>
      ) : (
        <div className="field group-field">
          <label htmlFor="pupils-group">Group</label>
          <select
            id="pupils-group"
            value={groupId}
            onChange={(event) => {
              setGroupId(event.target.value);
            }}
          >
            <option value="">Choose a group…</option>
            {byYear(groups).map(([year, list]) => (
              <optgroup key={year} label={`Year ${String(year)}`}>
                {list.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      )}
      {group !== undefined && (
        <>
          <p className="hint" role="status">
            {inGroup.length === 1 ? '1 pupil' : `${String(inGroup.length)} pupils`} in {group.name}.
          </p>
          <ul className="pupil-links" aria-label={`Pupils in ${group.name}`}>
            {inGroup.map((p) => (
              <li key={p.id}>
                <a className="pupil-link" href={hrefOf(`/pupils/${p.id}`)}>
                  {pupilName(p)}
                  {!isOnRoll(p, today) && (
                    <span className="hint">
                      {' '}
                      {p.leavingDate !== null && p.leavingDate < today
                        ? `(left ${longDate(p.leavingDate)})`
                        : `(joins ${longDate(p.admissionDate)})`}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
