/**
 * One cell two devices disagreed on: the marks that disagree side by side, the cell's whole
 * history, and the office's settlement — a reasoned amendment based on the mark shown now, which
 * clears the conflict (docs/attendance-rules.md §4.3).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { codeOn, type IsoDate } from '../../domain/index.ts';
import { hrefOf } from '../../state/route.ts';
import { CellHistoryList, instantText } from '../pupil/CellHistoryList.tsx';
import { bylineText, type HistoryLine } from '../pupil/historyLines.ts';
import { dayText } from '../shared/time.ts';
import { AmendForm } from './AmendForm.tsx';
import { recordOfficeMarks, type OfficeContext } from './officeWrites.ts';
import type { ConflictRow } from './registersData.ts';

export interface ConflictCardProps {
  readonly row: ConflictRow;
  readonly context: OfficeContext;
  /** Called once the settlement is saved on this device, with a sentence saying so. */
  readonly onSettled: (text: string) => void;
}

const SOURCE_TEXT = {
  register: 'the register',
  office: 'the office',
  reception: 'the signing-in desk',
  system: 'the register close',
} as const;

function meaning(code: string | null, date: IsoDate): string {
  if (code === null) return 'Cleared';
  const info = codeOn(code, date);
  return info.ok ? info.value.meaning : 'A code not valid on this date';
}

function Side({ line, date, isShown }: { line: HistoryLine; date: IsoDate; isShown: boolean }) {
  const id = useId();
  const source = line.outcome === 'unsent' ? 'this device' : null;
  return (
    <div
      role="group"
      className={isShown ? 'conflict-side is-shown' : 'conflict-side'}
      aria-labelledby={id}
    >
      <h4 id={id}>
        <span className="conflict-code">{line.code ?? '—'}</span>{' '}
        <span className="conflict-meaning">{meaning(line.code, date)}</span>
      </h4>
      <p className="conflict-state">
        {isShown ? 'Shown on the register now' : 'Displaced by the other mark'}
      </p>
      <dl className="conflict-facts">
        <dt>By</dt>
        <dd>{bylineText(line)}</dd>
        <dt>From</dt>
        <dd>{source ?? line.deviceId}</dd>
        <dt>Recorded</dt>
        <dd>{instantText(line.recordedAt)}</dd>
        {line.arrivedAt !== null && (
          <>
            <dt>Arrived</dt>
            <dd>{line.arrivedAt}</dd>
          </>
        )}
        <dt>Reason</dt>
        <dd>{line.reason ?? 'None given'}</dd>
      </dl>
    </div>
  );
}

export function ConflictCard({ row, context, onSettled }: ConflictCardProps) {
  const id = useId();
  const [isOpen, setIsOpen] = useState(false);
  const settleRef = useRef<HTMLDivElement>(null);
  // Opening the settlement puts the keyboard in its first field, the code.
  useEffect(() => {
    if (isOpen) settleRef.current?.querySelector('select')?.focus();
  }, [isOpen]);
  const { cell } = row;
  const when = `${dayText(cell.date)} ${cell.session}`;
  const head = cell.view.head;
  const pupil = context.school.pupils.get(cell.pupilId);
  return (
    <article className="conflict-card panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {row.name}
        {row.groupName === '' ? '' : ` · ${row.groupName}`} · {when}
      </h3>
      <p>
        Two devices recorded different marks without seeing each other’s. The register shows{' '}
        <strong>{cell.view.code ?? 'no mark'}</strong>
        {head === null ? '' : `, from ${SOURCE_TEXT[head.source]}`}, until the office settles it
        with the mark that stands and the reason.
      </p>
      <div className="conflict-sides">
        {row.sides.map((line) => (
          <Side key={line.opId} line={line} date={cell.date} isShown={line.opId === head?.opId} />
        ))}
      </div>
      <details className="conflict-history">
        <summary>Full history ({row.lines.length} entries)</summary>
        <CellHistoryList lines={row.lines} />
      </details>
      <div className="actions">
        <button
          type="button"
          className={isOpen ? 'button' : 'button button-primary'}
          aria-expanded={isOpen}
          aria-controls={`${id}-settle`}
          onClick={() => {
            setIsOpen(!isOpen);
          }}
        >
          {isOpen ? 'Hide the settlement' : 'Settle this mark…'}
        </button>
        <a className="button button-link" href={hrefOf(`/pupils/${cell.pupilId}`)}>
          Open {row.name}’s page
        </a>
      </div>
      <div id={`${id}-settle`} ref={settleRef} hidden={!isOpen}>
        {isOpen && (
          <AmendForm
            key={head?.opId ?? 'blank'}
            date={cell.date}
            contacts={pupil?.contacts ?? []}
            withArrival
            submitLabel={`Settle ${when}`}
            onCancel={() => {
              setIsOpen(false);
            }}
            onSubmit={async (amendment) => {
              const written = await recordOfficeMarks(context, [
                {
                  ...amendment,
                  pupilId: cell.pupilId,
                  date: cell.date,
                  session: cell.session,
                  basedOn: head?.opId ?? null,
                },
              ]);
              if (!written.ok) return written.error;
              const arrived =
                amendment.arrivedAt === null ? '' : `, arrived ${amendment.arrivedAt}`;
              onSettled(
                `Settled ${row.name}, ${when}: the mark is now ${amendment.code}${arrived}.`,
              );
              return null;
            }}
          />
        )}
      </div>
    </article>
  );
}
