/**
 * The unexplained-absence worklist as the office sees it on this device: every cell showing `N`
 * (this device's unsent amendments folded in), turned into rows by the domain's
 * `unexplainedAbsences` — the function the server's `/api/office/unexplained` uses — and named
 * for the screen.
 */
import {
  authorName,
  pupilName,
  unexplainedAbsences,
  type IsoDate,
  type WorklistPupil,
} from '../../domain/index.ts';
import type { CurrentCell } from '../../storage/officeView.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import type { WorklistRow } from './WorklistTable.tsx';

/** A row and the amendment the office's change will be based on. */
export interface OpenRow extends WorklistRow {
  readonly headOpId: string | null;
}

export function cellKey(cell: { pupilId: string; date: string; session: string }): string {
  return `${cell.pupilId}|${cell.date}|${cell.session}`;
}

export function worklistRows(
  school: SchoolData,
  cells: readonly CurrentCell[],
  asOf: IsoDate,
): OpenRow[] {
  const pupils = new Map<string, WorklistPupil>();
  for (const [id, pupil] of school.pupils)
    pupils.set(id, { name: pupilName(pupil), groupId: pupil.groupId, flags: pupil.flags });
  const heads = new Map(cells.map((c) => [cellKey(c), c.view.head]));
  const rows = unexplainedAbsences(
    school.setup.calendar,
    asOf,
    cells.map((c) => ({
      pupilId: c.pupilId,
      date: c.date,
      session: c.session,
      recordedAt: c.view.head?.recordedAt ?? null,
      authorId: c.view.head?.authorId ?? null,
    })),
    pupils,
  );
  return rows.map((row) => {
    const key = cellKey(row);
    const head = heads.get(key) ?? null;
    return {
      ...row,
      key,
      groupName: school.groups.get(row.groupId)?.name ?? '',
      recordedBy:
        head?.isPending === true
          ? 'You (not sent yet)'
          : head?.source === 'system'
            ? 'Register close'
            : authorName(school.staff, row.authorId),
      headOpId: head?.opId ?? null,
    };
  });
}

/** The worklist's filters. */
export interface WorklistFilter {
  readonly groupId: string;
  readonly yearGroup: string;
  readonly due: 'all' | 'overdue' | 'due-today';
}

export const ALL_ROWS: WorklistFilter = { groupId: '', yearGroup: '', due: 'all' };

export function filterRows(
  rows: readonly OpenRow[],
  filter: WorklistFilter,
  school: SchoolData,
): OpenRow[] {
  return rows.filter((row) => {
    if (filter.groupId !== '' && row.groupId !== filter.groupId) return false;
    const year = school.groups.get(row.groupId)?.yearGroup;
    if (filter.yearGroup !== '' && String(year) !== filter.yearGroup) return false;
    if (filter.due === 'overdue') return row.overdue;
    if (filter.due === 'due-today') return row.dueToday;
    return true;
  });
}
