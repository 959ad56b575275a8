import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollcallDb } from './db.ts';
import type { StorageResult } from './errors.ts';
import { acknowledge, recordMark } from './outbox.ts';
import { cellsFor, type CellView } from './registerView.ts';
import { amendment, freshDb, markInput } from './testing.ts';

const opened: RollcallDb[] = [];
function newDb(): RollcallDb {
  const db = freshDb();
  opened.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function value<T>(result: StorageResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function cell(db: RollcallDb, pupilId = 'p-1', authorId = 's-teacher'): Promise<CellView> {
  const view = value(await cellsFor(db, [pupilId], '2026-11-23', 'AM', authorId));
  const found = view.get(pupilId);
  if (found === undefined) throw new Error(`no cell for ${pupilId}`);
  return found;
}

describe('cellsFor (read-your-writes, docs/attendance-rules.md §4.3)', () => {
  it('shows a pending mark over the server’s mark it was based on', async () => {
    const db = newDb();
    await db.amendments.put(amendment({ opId: 'a-present', code: '/' }));
    const op = value(
      await recordMark(db, markInput({ code: 'L', basedOn: 'a-present', arrivedAt: '09:05' })),
    );
    expect(await cell(db)).toMatchObject({
      code: 'L',
      conflict: false,
      pending: true,
      head: { opId: op.opId, isPending: true, arrivedAt: '09:05', source: 'register' },
    });
  });

  it('keeps the server’s L over a pending concurrent N', async () => {
    const db = newDb();
    await db.amendments.put(
      amendment({ opId: 'a-late', code: 'L', source: 'reception', authorId: 's-reception' }),
    );
    value(await recordMark(db, markInput({ code: 'N', basedOn: null })));
    expect(await cell(db)).toMatchObject({
      code: 'L',
      conflict: false,
      pending: true,
      head: { opId: 'a-late', isPending: false, source: 'reception' },
    });
  });

  it('flags a conflict when a pending known mark meets a different concurrent one', async () => {
    const db = newDb();
    await db.amendments.put(amendment({ opId: 'a-present', code: '/' }));
    value(
      await recordMark(
        db,
        markInput({ code: 'M', basedOn: null, source: 'office', reason: 'Phoned in' }),
      ),
    );
    expect(await cell(db)).toMatchObject({ code: 'M', conflict: true, pending: true });
  });

  it('folds server amendments in seq order, whatever order they were stored in', async () => {
    const db = newDb();
    await db.amendments.bulkPut([
      amendment({ opId: 'a-2', code: 'L', basedOn: 'a-1', seq: 7 }),
      amendment({ opId: 'a-1', code: '/', seq: 3 }),
    ]);
    expect(await cell(db)).toMatchObject({ code: 'L', pending: false, head: { opId: 'a-2' } });
  });

  it('does not count an op twice once the pull has brought it back', async () => {
    const db = newDb();
    const op = value(await recordMark(db, markInput({ code: 'N' })));
    await db.amendments.put(amendment({ opId: op.opId, code: 'N', seq: 4 }));
    expect(await cell(db)).toMatchObject({ code: 'N', pending: false, head: { isPending: false } });
    await acknowledge(db, [{ opId: op.opId, status: 'applied' }]);
    expect(await cell(db)).toMatchObject({ code: 'N', pending: false });
  });

  it('shows only this author’s pending marks for this date and session, and blanks elsewhere', async () => {
    const db = newDb();
    value(await recordMark(db, markInput({ authorId: 's-other', code: 'N' })));
    value(await recordMark(db, markInput({ session: 'PM', code: 'N' })));
    value(await recordMark(db, markInput({ date: '2026-11-24', code: 'N' })));
    value(await recordMark(db, markInput({ pupilId: 'p-2', code: '\\' })));
    await db.amendments.put(amendment({ opId: 'a-x', code: 'B', outcome: 'rejected' }));
    const view = value(await cellsFor(db, ['p-1', 'p-2', 'p-3'], '2026-11-23', 'AM', 's-teacher'));
    expect(view.get('p-1')).toEqual({ code: null, head: null, conflict: false, pending: false });
    expect(view.get('p-2')).toMatchObject({ code: '\\', pending: true });
    expect(view.get('p-3')).toMatchObject({ code: null, pending: false });
  });

  it('reports a corrupt amendment row', async () => {
    const db = newDb();
    await db
      .table('amendments')
      .put({ opId: 'a-bad', pupilId: 'p-1', date: '2026-11-23', session: 'AM' });
    expect(await cellsFor(db, ['p-1'], '2026-11-23', 'AM', 's-teacher')).toMatchObject({
      ok: false,
      error: { code: 'corrupt-row', table: 'amendments', keys: ['a-bad'] },
    });
  });
});
