import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollcallDb } from './db.ts';
import { readConflictCells } from './officeView.ts';
import { readDayMarks } from './registerView.ts';
import { recordMark } from './outbox.ts';
import { amendment, freshDb, markInput } from './testing.ts';

const OFFICE = 's-office';
const opened: RollcallDb[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function db(): RollcallDb {
  const fresh = freshDb();
  opened.push(fresh);
  return fresh;
}

/** p-1's AM cell as a pull leaves it after a teacher's `/` and reception's concurrent `L`. */
const CONFLICT = [
  amendment({ opId: 't-1', code: '/', seq: 1, outcome: 'conflict' }),
  amendment({
    opId: 'r-1',
    code: 'L',
    arrivedAt: '08:58',
    source: 'reception',
    authorId: 's-desk',
    deviceId: 'dev-desk',
    seq: 2,
  }),
];

describe('readConflictCells', () => {
  it('[conflicts] finds each cell in conflict with its whole history in server order', async () => {
    const d = db();
    await d.amendments.bulkPut([
      ...CONFLICT.slice().reverse(),
      amendment({ opId: 'p2', pupilId: 'p-2', code: '/', seq: 3 }),
    ]);
    const found = await readConflictCells(d, OFFICE);
    if (!found.ok) throw new Error(found.error.message);
    expect(found.value).toHaveLength(1);
    const [cell] = found.value;
    expect(cell).toMatchObject({ pupilId: 'p-1', date: '2026-11-23', session: 'AM' });
    expect(cell?.amendments.map((a) => a.opId)).toEqual(['t-1', 'r-1']);
    expect(cell?.view).toMatchObject({ code: 'L', conflict: true, pending: false });
  });

  it('[conflicts] a resolution made on this device, not yet sent, takes the cell off the list', async () => {
    const d = db();
    await d.amendments.bulkPut(CONFLICT);
    const written = await recordMark(
      d,
      markInput({
        authorId: OFFICE,
        code: 'L',
        basedOn: 'r-1',
        source: 'office',
        reason: 'Signed in at reception at 08:58',
      }),
    );
    expect(written.ok).toBe(true);
    const found = await readConflictCells(d, OFFICE);
    expect(found.ok && found.value).toEqual([]);
  });

  it('[conflicts] none when no device disagreed', async () => {
    const d = db();
    await d.amendments.put(amendment());
    const found = await readConflictCells(d, OFFICE);
    expect(found.ok && found.value).toEqual([]);
  });
});

describe('readDayMarks', () => {
  it('[missing] the date’s amendments in server order, rejected ones left out, and this author’s unsent marks of the date', async () => {
    const d = db();
    await d.amendments.bulkPut([
      amendment({ opId: 'b', pupilId: 'p-2', seq: 7 }),
      amendment({ opId: 'a', seq: 3 }),
      amendment({ opId: 'x', pupilId: 'p-3', seq: 9, outcome: 'rejected' }),
      amendment({ opId: 'other-day', date: '2026-11-24', seq: 10 }),
    ]);
    await recordMark(
      d,
      markInput({ authorId: OFFICE, pupilId: 'p-4', code: 'I', source: 'office', reason: 'Ill' }),
    );
    await recordMark(
      d,
      markInput({
        authorId: OFFICE,
        pupilId: 'p-4',
        date: '2026-11-24',
        code: 'I',
        source: 'office',
      }),
    );
    const day = await readDayMarks(d, '2026-11-23', OFFICE);
    if (!day.ok) throw new Error(day.error.message);
    expect(day.value.amendments.map((a) => a.opId)).toEqual(['a', 'b']);
    expect(day.value.pending.map((op) => [op.pupilId, op.date])).toEqual([['p-4', '2026-11-23']]);
  });
});
