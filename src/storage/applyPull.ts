/**
 * Writing a pull page (docs/sync-protocol.md §6): its changes and the cursor after them commit
 * together, so a page is applied whole or not at all, and an interrupted sync simply pulls the page
 * again.
 */
import type { Amendment, Movement } from '../schema/amendment.ts';
import type { Call } from '../schema/call.ts';
import type { RollCallStepRecord } from '../schema/rollCall.ts';
import { assertNever, ok } from '../domain/result.ts';
import { SINGLE_KEY, type RollcallDb, type Tables } from './db.ts';
import { guardQuota, type StorageResult } from './errors.ts';
import { cursorKey, readMeta } from './meta.ts';
import type { GroupRecord, PupilRecord, SchoolRecord, StaffRecord } from '../schema/reference.ts';
import type { PullChange, PullPage } from '../schema/sync.ts';
import { metaValueSchemas } from './records.ts';

interface Sorted {
  school: SchoolRecord | undefined;
  readonly groups: GroupRecord[];
  readonly pupils: PupilRecord[];
  readonly staff: StaffRecord[];
  readonly amendments: Amendment[];
  readonly movements: Movement[];
  readonly calls: Call[];
  readonly rollCallSteps: RollCallStepRecord[];
}

/** Splits a page by table, keeping version order (a later change of a row wins). */
function sortByTable(changes: readonly PullChange[]): Sorted {
  const sorted: Sorted = {
    school: undefined,
    groups: [],
    pupils: [],
    staff: [],
    amendments: [],
    movements: [],
    calls: [],
    rollCallSteps: [],
  };
  for (const change of changes) {
    switch (change.type) {
      case 'school':
        sorted.school = change.data;
        break;
      case 'group':
        sorted.groups.push(change.data);
        break;
      case 'pupil':
        sorted.pupils.push(change.data);
        break;
      case 'staff':
        sorted.staff.push(change.data);
        break;
      case 'amendment':
        sorted.amendments.push(change.data);
        break;
      case 'movement':
        sorted.movements.push(change.data);
        break;
      case 'call':
        sorted.calls.push(change.data);
        break;
      case 'rollcall':
        sorted.rollCallSteps.push(change.data);
        break;
      default:
        assertNever(change);
    }
  }
  return sorted;
}

/**
 * Writes one pull page, already checked with `pullPageSchema`, and `staffId`'s new cursor in one
 * transaction. A full disk is `storage-full`; any other failure rejects and writes nothing.
 */
export function applyPullPage(
  db: RollcallDb,
  staffId: string,
  page: Pick<PullPage, 'changes' | 'cursor'>,
): Promise<StorageResult<void>> {
  const sorted = sortByTable(page.changes);
  const tables = [
    db.school,
    db.groups,
    db.pupils,
    db.staff,
    db.amendments,
    db.movements,
    db.calls,
    db.rollCallSteps,
    db.meta,
  ];
  return guardQuota(() =>
    db.transaction('rw', tables, async (tx) => {
      if (sorted.school !== undefined) await tx.school.put(sorted.school, SINGLE_KEY);
      await tx.groups.bulkPut(sorted.groups);
      await tx.pupils.bulkPut(sorted.pupils);
      await tx.staff.bulkPut(sorted.staff);
      await tx.amendments.bulkPut(sorted.amendments);
      await tx.movements.bulkPut(sorted.movements);
      await tx.calls.bulkPut(sorted.calls);
      await tx.rollCallSteps.bulkPut(sorted.rollCallSteps);
      await tx.meta.put({ key: cursorKey(staffId), value: page.cursor });
      return ok(undefined);
    }),
  );
}

/** Where `staffId`'s next pull starts: 0 before the first. */
export async function cursorFor(
  db: Tables<'meta'>,
  staffId: string,
): Promise<StorageResult<number>> {
  const read = await readMeta(db, cursorKey(staffId), metaValueSchemas.cursor);
  return read.ok ? ok(read.value ?? 0) : read;
}
