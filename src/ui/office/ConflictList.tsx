/**
 * Every cell two devices disagreed on, oldest first, read from this device so it works offline;
 * a settlement made here takes its cell off the list at once.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useRef, useState } from 'react';
import { readConflictCells } from '../../storage/officeView.ts';
import { ConflictCard } from './ConflictCard.tsx';
import type { OfficeContext } from './officeWrites.ts';
import { conflictRows } from './registersData.ts';

export function ConflictList({ context }: { readonly context: OfficeContext }) {
  const { db, auth, school } = context;
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState('');
  const cells = useLiveQuery(() => readConflictCells(db, auth.staff.id), [db, auth.staff.id]);
  const rows = useMemo(
    () => (cells?.ok === true ? conflictRows(school, cells.value, auth.staff) : []),
    [cells, school, auth.staff],
  );
  return (
    <section className="registers-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        Conflicts
      </h2>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {notice !== '' && <p className="office-notice">{notice}</p>}
      {cells === undefined && <p aria-busy="true">Looking for conflicts on this device…</p>}
      {cells?.ok === false && <p role="alert">{cells.error.message}</p>}
      {cells?.ok === true && (
        <p className="office-lede">
          {rows.length === 0
            ? 'No conflicts: no two devices disagree about a mark.'
            : `${String(rows.length)} ${rows.length === 1 ? 'mark' : 'marks'} where two devices disagreed.`}
        </p>
      )}
      <div className="conflict-list">
        {rows.map((row) => (
          <ConflictCard
            key={row.key}
            row={row}
            context={context}
            onSettled={(text) => {
              setNotice(text);
              headingRef.current?.focus();
            }}
          />
        ))}
      </div>
    </section>
  );
}
