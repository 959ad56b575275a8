import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollcallDb } from './db.ts';
import {
  readAllCells,
  readCellHistory,
  readPupilCells,
  readUnexplainedCells,
} from './officeView.ts';
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

function keys(cells: readonly { pupilId: string; date: string; session: string }[]): string[] {
  return cells.map((c) => `${c.pupilId} ${c.date} ${c.session}`).sort();
}

describe('readUnexplainedCells', () => {
  it('[worklist] finds every cell whose current mark is N, and none whose N was replaced', async () => {
    const d = db();
    await d.amendments.bulkPut([
      amendment({ opId: 'n-1', pupilId: 'p-1', code: 'N', source: 'system', authorId: null }),
      // p-2's N was later explained by the office: it leaves the list. (The server marks the N
      // superseded in the same version as the office's mark, so a pull brings both together.)
      amendment({ opId: 'n-2', pupilId: 'p-2', code: 'N', seq: 2, outcome: 'superseded' }),
      amendment({ opId: 'i-2', pupilId: 'p-2', code: 'I', basedOn: 'n-2', seq: 3 }),
      amendment({ opId: 'p-3', pupilId: 'p-3', code: '/', seq: 4 }),
      amendment({ opId: 'n-4', pupilId: 'p-4', session: 'PM', code: 'N', seq: 5 }),
    ]);
    const found = await readUnexplainedCells(d, OFFICE);
    expect(found.ok && keys(found.value)).toEqual(['p-1 2026-11-23 AM', 'p-4 2026-11-23 PM']);
    const closeJob = found.ok ? found.value.find((c) => c.pupilId === 'p-1') : undefined;
    expect(closeJob?.view.head).toMatchObject({ opId: 'n-1', authorId: null, source: 'system' });
  });

  it('[worklist] reads the same cells as reading every cell whole: a current N alone, a conflict and an unsent change read whole', async () => {
    const d = db();
    await d.amendments.bulkPut([
      // A current N, its cell's earlier mark superseded.
      amendment({ opId: 'p-1', pupilId: 'p-1', code: '/', seq: 1, outcome: 'superseded' }),
      amendment({ opId: 'n-1', pupilId: 'p-1', code: 'N', basedOn: 'p-1', seq: 2 }),
      // Two devices disagreed: the register's N and the office's I, both in conflict.
      amendment({ opId: 'n-2', pupilId: 'p-2', code: 'N', seq: 3, outcome: 'conflict' }),
      amendment({ opId: 'i-2', pupilId: 'p-2', code: 'I', seq: 4, outcome: 'conflict' }),
      // A current N this office has changed on the device, not yet sent.
      amendment({ opId: 'n-3', pupilId: 'p-3', code: 'N', seq: 5 }),
      // A current N with a rejected row beside it.
      amendment({ opId: 'n-4', pupilId: 'p-4', code: 'N', seq: 6 }),
      amendment({ opId: 'x-4', pupilId: 'p-4', code: '/', seq: 7, outcome: 'rejected' }),
    ]);
    await recordMark(
      d,
      markInput({
        authorId: OFFICE,
        pupilId: 'p-3',
        code: 'M',
        basedOn: 'n-3',
        source: 'office',
        reason: 'Dentist',
      }),
    );
    const found = await readUnexplainedCells(d, OFFICE);
    const all = await readAllCells(d, OFFICE);
    const expected = all.ok ? all.value.filter((cell) => cell.view.code === 'N') : [];
    expect(found.ok && [...found.value].sort((a, b) => a.pupilId.localeCompare(b.pupilId))).toEqual(
      [...expected].sort((a, b) => a.pupilId.localeCompare(b.pupilId)),
    );
    expect(found.ok && keys(found.value)).toContain('p-1 2026-11-23 AM');
    expect(found.ok && keys(found.value)).not.toContain('p-3 2026-11-23 AM');
  });

  it('[worklist] an N the office replaced on this device, not yet sent, leaves the list at once', async () => {
    const d = db();
    await d.amendments.put(amendment({ opId: 'n-1', code: 'N' }));
    await recordMark(
      d,
      markInput({
        authorId: OFFICE,
        code: 'I',
        basedOn: 'n-1',
        source: 'office',
        reason: 'Unwell, phoned in by parent',
      }),
    );
    const found = await readUnexplainedCells(d, OFFICE);
    expect(found.ok && found.value).toEqual([]);
    // Another member of staff's unsent marks on this device are theirs, not the office's view.
    const others = await readUnexplainedCells(d, 's-someone-else');
    expect(others.ok && keys(others.value)).toEqual(['p-1 2026-11-23 AM']);
  });

  it('[worklist] many cells: superseded N stay off, current N and this author’s unsent N are listed', async () => {
    const d = db();
    const rows = Array.from({ length: 40 }, (_, i) => [
      amendment({ opId: `n-${String(i)}`, pupilId: `p-${String(i)}`, code: 'N', seq: 2 * i + 1 }),
      ...(i % 2 === 0
        ? []
        : [
            amendment({
              opId: `l-${String(i)}`,
              pupilId: `p-${String(i)}`,
              code: 'L',
              basedOn: `n-${String(i)}`,
              seq: 2 * i + 2,
            }),
          ]),
    ]).flat();
    // The server's outcomes: each explained N is superseded by the mark based on it.
    await d.amendments.bulkPut(
      rows.map((row) =>
        row.code === 'N' && rows.some((r) => r.basedOn === row.opId)
          ? { ...row, outcome: 'superseded' as const }
          : row,
      ),
    );
    await recordMark(
      d,
      markInput({
        authorId: OFFICE,
        pupilId: 'p-99',
        code: 'N',
        source: 'office',
        reason: 'Not in',
      }),
    );
    const found = await readUnexplainedCells(d, OFFICE);
    const expected = [
      ...Array.from({ length: 20 }, (_, i) => `p-${String(2 * i)} 2026-11-23 AM`),
      'p-99 2026-11-23 AM',
    ].sort();
    expect(found.ok && keys(found.value)).toEqual(expected);
  });

  it('[worklist] a rejected amendment is not a mark', async () => {
    const d = db();
    await d.amendments.bulkPut([
      amendment({ opId: 'n-1', code: 'N' }),
      amendment({ opId: 'x-1', code: 'I', basedOn: 'n-1', seq: 2, outcome: 'rejected' }),
    ]);
    const found = await readUnexplainedCells(d, OFFICE);
    expect(found.ok && keys(found.value)).toEqual(['p-1 2026-11-23 AM']);
  });
});

describe('a pupil’s cells, the school’s cells and a cell’s history', () => {
  it('[pupil-page] reads one pupil’s cells, each folded with the unsent marks', async () => {
    const d = db();
    await d.amendments.bulkPut([
      amendment({ opId: 'a', pupilId: 'p-1', date: '2026-11-23', session: 'AM', code: '/' }),
      amendment({ opId: 'b', pupilId: 'p-1', date: '2026-11-23', session: 'PM', code: 'N' }),
      amendment({ opId: 'c', pupilId: 'p-2', date: '2026-11-23', session: 'AM', code: 'O' }),
    ]);
    await recordMark(
      d,
      markInput({
        authorId: OFFICE,
        session: 'PM',
        code: 'M',
        basedOn: 'b',
        source: 'office',
        reason: 'Dental appointment',
      }),
    );
    const cells = await readPupilCells(d, 'p-1', OFFICE);
    const codes = cells.ok ? cells.value.map((c) => [c.session, c.view.code, c.view.pending]) : [];
    expect(codes.sort()).toEqual([
      ['AM', '/', false],
      ['PM', 'M', true],
    ]);
    const all = await readAllCells(d, OFFICE);
    expect(all.ok && all.value.length).toBe(3);
  });

  it('[history] gives a cell’s amendments in server order and the unsent ones after', async () => {
    const d = db();
    await d.amendments.bulkPut([
      amendment({ opId: 'second', code: 'I', basedOn: 'first', seq: 7 }),
      amendment({ opId: 'first', code: 'N', seq: 3 }),
      amendment({ opId: 'other', session: 'PM', seq: 5 }),
    ]);
    await recordMark(
      d,
      markInput({
        authorId: OFFICE,
        code: 'M',
        basedOn: 'second',
        source: 'office',
        reason: 'Letter from the dentist',
      }),
    );
    const history = await readCellHistory(
      d,
      { pupilId: 'p-1', date: '2026-11-23', session: 'AM' },
      OFFICE,
    );
    expect(history.ok && history.value.amendments.map((a) => a.opId)).toEqual(['first', 'second']);
    expect(history.ok && history.value.pending.map((op) => op.code)).toEqual(['M']);
    expect(history.ok && history.value.view.code).toBe('M');
  });

  it('[history] a damaged stored amendment is reported, not skipped', async () => {
    const d = db();
    await d.amendments.put({ ...amendment({ opId: 'bad', code: 'N' }), seq: 'x' as never });
    const found = await readUnexplainedCells(d, OFFICE);
    expect(found).toMatchObject({ ok: false, error: { code: 'corrupt-row', table: 'amendments' } });
  });
});
