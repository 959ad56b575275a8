/**
 * The roll call's list: one section per group with its counts, each pupil a large tick button
 * (one hand on a phone), or only those still missing. Printed, each group is a page of its own.
 */
import { pupilName, type OnSite, type RollCallLine } from '../../domain/index.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { momentText } from './RollCallBar.tsx';
import type { RollCallModel } from './rollCallModel.ts';

export type ListView = 'everyone' | 'missing';

export interface RollCallListProps {
  readonly model: RollCallModel;
  readonly school: SchoolData;
  readonly view: ListView;
  readonly onView: (view: ListView) => void;
  /** Ticks a pupil off or takes it back; null while no roll call is running. */
  readonly onTick: ((pupilId: string) => void) | null;
}

/** Why the pupil is listed, in the marshal's words. */
export function onSiteText(onSite: OnSite | null): string {
  if (onSite === null) return 'Ticked off, no longer on site';
  const { code, session, signedInAt } = onSite;
  if (code === null) return `Signed in at reception ${signedInAt ?? ''}`.trim();
  const mark = code === 'L' ? 'Late' : code === 'U' ? 'Late after the register closed' : 'Present';
  return signedInAt === null
    ? `${mark} (${session})`
    : `${mark} (${session}), signed in ${signedInAt}`;
}

function Line({
  line,
  school,
  onTick,
}: {
  readonly line: RollCallLine;
  readonly school: SchoolData;
  readonly onTick: RollCallListProps['onTick'];
}) {
  const pupil = school.pupils.get(line.pupilId);
  const name = pupil === undefined ? line.pupilId : pupilName(pupil);
  const isTicked = line.tick !== null;
  return (
    <li>
      <button
        type="button"
        className={`rollcall-pupil${isTicked ? ' is-ticked' : ''}`}
        aria-pressed={isTicked}
        disabled={onTick === null}
        onClick={() => onTick?.(line.pupilId)}
      >
        <span className="rollcall-box" aria-hidden="true">
          {isTicked ? '✓' : ''}
        </span>
        <span className="rollcall-name">{name}</span>
        <span className="rollcall-why">
          {onSiteText(line.onSite)}
          {line.tick !== null && ` · ticked ${momentText(line.tick, school.staff)}`}
        </span>
      </button>
    </li>
  );
}

export function RollCallList({ model, school, view, onView, onTick }: RollCallListProps) {
  const groups =
    view === 'everyone'
      ? model.groups
      : model.groups
          .map((g) => ({ ...g, lines: g.lines.filter((l) => l.tick === null) }))
          .filter((g) => g.lines.length > 0);
  return (
    <>
      <div className="rollcall-views" role="group" aria-label="Show">
        <button
          type="button"
          className="button"
          aria-pressed={view === 'everyone'}
          onClick={() => {
            onView('everyone');
          }}
        >
          Everyone on site ({model.total})
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={view === 'missing'}
          onClick={() => {
            onView('missing');
          }}
        >
          Still missing ({model.missing.length})
        </button>
      </div>
      {model.total === 0 && (
        <p>Nobody is on site by this device’s registers and signing-in book.</p>
      )}
      {view === 'missing' && model.total > 0 && model.missing.length === 0 && (
        <p className="rollcall-all-ticked" role="status">
          Everyone on site has been ticked off.
        </p>
      )}
      {groups.map((group) => {
        const record = school.groups.get(group.groupId);
        const title = record?.name ?? group.groupId;
        const whole = model.groups.find((g) => g.groupId === group.groupId);
        return (
          <section
            key={group.groupId}
            className="rollcall-group"
            aria-labelledby={`rc-${group.groupId}`}
          >
            <h2 id={`rc-${group.groupId}`}>
              {title}{' '}
              <span className="rollcall-group-counts">
                {whole?.lines.length ?? 0} on site · {whole?.ticked ?? 0} ticked ·{' '}
                {whole?.missing ?? 0} missing
              </span>
            </h2>
            <ul className="rollcall-pupils">
              {group.lines.map((line) => (
                <Line key={line.pupilId} line={line} school={school} onTick={onTick} />
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
