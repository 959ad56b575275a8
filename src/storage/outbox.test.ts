import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RollcallDb } from './db.ts';
import { isQuotaExceeded, type StorageResult } from './errors.ts';
import {
  acknowledge,
  listRejected,
  markRejected,
  oldestPendingAt,
  pendingCount,
  pendingFor,
  recordMark,
  recordMarks,
  recordMovement,
  renumberFrom,
  type MarkFields,
} from './outbox.ts';
import { freshDb, markInput, movementInput, NOW } from './testing.ts';

const opened: RollcallDb[] = [];
function newDb(): RollcallDb {
  const db = freshDb();
  opened.push(db);
  return db;
}
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function value<T>(result: StorageResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function seqsOf(db: RollcallDb, authorId: string): Promise<number[]> {
  return value(await pendingFor(db, authorId)).map((e) => e.deviceSeq);
}

describe('recordMarks (mark the rest present)', () => {
  function fieldsOf(pupilId: string): MarkFields {
    const { date, session, code, basedOn, source } = markInput({ pupilId });
    return { pupilId, date, session, code, basedOn, source };
  }

  it('queues every mark in one go with consecutive deviceSeqs after the last one', async () => {
    const db = newDb();
    value(await recordMark(db, markInput()));
    const ops = value(
      await recordMarks(
        db,
        { authorId: 's-teacher', now: NOW },
        ['p-2', 'p-3', 'p-4'].map(fieldsOf),
      ),
    );
    expect(ops.map((op) => [op.pupilId, op.deviceSeq])).toEqual([
      ['p-2', 2],
      ['p-3', 3],
      ['p-4', 4],
    ]);
    expect(new Set(ops.map((op) => op.opId)).size).toBe(3);
    expect(await seqsOf(db, 's-teacher')).toEqual([1, 2, 3, 4]);
    expect(value(await recordMark(db, markInput({ pupilId: 'p-5' }))).deviceSeq).toBe(5);
  });

  it('records none of them when one is invalid, and says why', async () => {
    const db = newDb();
    const bad = { ...fieldsOf('p-3'), date: '2026-02-30' };
    const result = await recordMarks(db, { authorId: 's-teacher', now: NOW }, [
      fieldsOf('p-2'),
      bad,
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await pendingCount(db)).toBe(0);
    expect(value(await recordMark(db, markInput())).deviceSeq).toBe(1);
  });

  it('records none of them when the disk is full', async () => {
    const db = newDb();
    await db.open();
    vi.spyOn(db.Table.prototype, 'bulkAdd').mockRejectedValueOnce(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    );
    const result = await recordMarks(db, { authorId: 's-teacher', now: NOW }, [
      fieldsOf('p-2'),
      fieldsOf('p-3'),
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'storage-full' } });
    expect(await pendingCount(db)).toBe(0);
    expect(value(await recordMark(db, markInput())).deviceSeq).toBe(1);
  });

  it('writes nothing for an empty list', async () => {
    const db = newDb();
    expect(value(await recordMarks(db, { authorId: 's-teacher', now: NOW }, []))).toEqual([]);
    expect(await pendingCount(db)).toBe(0);
  });
});

describe('recordMark', () => {
  it('queues a validated op stamped with the device, deviceSeq 1 and the corrected time', async () => {
    const db = newDb();
    const op = value(await recordMark(db, markInput({ now: NOW + 1234 })));
    expect(op).toMatchObject({ kind: 'mark', deviceSeq: 1, code: '/', pupilId: 'p-1' });
    expect(op.recordedAt).toBe(new Date(NOW + 1234).toISOString());
    const [entry] = value(await pendingFor(db, 's-teacher'));
    expect(entry).toMatchObject({
      authorId: 's-teacher',
      deviceSeq: 1,
      op,
      createdAt: op.recordedAt,
    });
    const second = value(await recordMark(db, markInput({ pupilId: 'p-2' })));
    expect(second.deviceId).toBe(op.deviceId);
    expect(second.opId).not.toBe(op.opId);
  });

  it('numbers each author gap-free from 1, independently of other authors', async () => {
    const db = newDb();
    for (const authorId of ['s-a', 's-a', 's-b', 's-a', 's-b'])
      value(await recordMark(db, markInput({ authorId })));
    expect(await seqsOf(db, 's-a')).toEqual([1, 2, 3]);
    expect(await seqsOf(db, 's-b')).toEqual([1, 2]);
  });

  it('refuses bad input without writing or using up a number', async () => {
    const db = newDb();
    const bad = await recordMark(db, markInput({ date: '2026-02-30' }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!bad.ok) expect(bad.error.message).toContain('date');
    expect(await recordMark(db, markInput({ authorId: '' }))).toMatchObject({ ok: false });
    expect(await recordMark(db, markInput({ now: Number.NaN }))).toMatchObject({ ok: false });
    expect(await pendingCount(db)).toBe(0);
    expect(value(await recordMark(db, markInput())).deviceSeq).toBe(1);
  });

  it('resolves only after the transaction has committed', async () => {
    const name = newDb().name;
    const db = new RollcallDb(name);
    opened.push(db);
    const events: string[] = [];
    db.use({
      stack: 'dbcore',
      name: 'commit-spy',
      create: (down) => ({
        ...down,
        transaction: (stores, mode, options) => {
          const tx = down.transaction(stores, mode, options);
          if (mode === 'readwrite')
            (tx as unknown as IDBTransaction).addEventListener('complete', () => {
              events.push('committed');
            });
          return tx;
        },
      }),
    });
    const op = value(await recordMark(db, markInput()));
    events.push('resolved');
    expect(events).toEqual(['committed', 'resolved']);
    const other = new RollcallDb(name);
    const [entry] = value(await pendingFor(other, 's-teacher'));
    other.close();
    expect(entry?.op).toEqual(op);
  });

  it('gives 50 concurrent marks 50 distinct consecutive numbers', async () => {
    const db = newDb();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        recordMark(db, markInput({ pupilId: `p-${String(i)}` })),
      ),
    );
    const seqs = results.map((r) => value(r).deviceSeq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await seqsOf(db, 's-teacher')).toEqual(seqs);
  });

  it('maps a full disk to storage-full and leaves nothing half-written', async () => {
    const db = newDb();
    await db.open();
    vi.spyOn(db.Table.prototype, 'bulkAdd').mockRejectedValueOnce(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    );
    expect(await recordMark(db, markInput())).toEqual({
      ok: false,
      error: { code: 'storage-full', message: expect.stringContaining('storage') as unknown },
    });
    expect(await pendingCount(db)).toBe(0);
    expect(value(await recordMark(db, markInput())).deviceSeq).toBe(1);
  });

  it('recognises the quota error bare or wrapped by Dexie', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(isQuotaExceeded(quota)).toBe(true);
    expect(isQuotaExceeded({ name: 'AbortError', inner: quota })).toBe(true);
    expect(isQuotaExceeded(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaExceeded('QuotaExceededError')).toBe(false);
  });

  it('rethrows storage failures that are not expected', async () => {
    const db = newDb();
    await db.open();
    vi.spyOn(db.Table.prototype, 'bulkAdd').mockRejectedValueOnce(new Error('disk on fire'));
    await expect(recordMark(db, markInput())).rejects.toThrow('disk on fire');
  });

  it('reports a corrupt sequence counter instead of guessing', async () => {
    const db = newDb();
    await db.meta.put({ key: 'seq:s-teacher', value: 'seven' });
    expect(await recordMark(db, markInput())).toMatchObject({
      ok: false,
      error: { code: 'corrupt-row', table: 'meta', keys: ['seq:s-teacher'] },
    });
  });
});

describe('recordMovement', () => {
  it('shares the author’s numbering with marks', async () => {
    const db = newDb();
    value(await recordMark(db, markInput({ authorId: 's-reception', source: 'reception' })));
    const op = value(await recordMovement(db, movementInput()));
    expect(op).toMatchObject({ kind: 'movement', deviceSeq: 2, direction: 'in', at: '09:31' });
    expect(await recordMovement(db, movementInput({ at: '9.31' }))).toMatchObject({ ok: false });
  });
});

describe('acknowledge, markRejected', () => {
  it('removes only ops the server applied or already had', async () => {
    const db = newDb();
    const ops = [];
    for (const pupilId of ['p-1', 'p-2', 'p-3', 'p-4'])
      ops.push(value(await recordMark(db, markInput({ pupilId }))));
    const [a, b, c] = ops.map((op) => op.opId);
    const removed = await acknowledge(db, [
      { opId: a ?? '', status: 'applied' },
      { opId: b ?? '', status: 'duplicate' },
      { opId: c ?? '', status: 'rejected' },
      { opId: 'never-queued', status: 'applied' },
    ]);
    expect(removed).toBe(2);
    expect(await seqsOf(db, 's-teacher')).toEqual([3, 4]);
  });

  it('moves a refused op to rejected, where it stays', async () => {
    const db = newDb();
    value(await recordMark(db, markInput()));
    const [entry] = value(await pendingFor(db, 's-teacher'));
    if (entry === undefined) throw new Error('no entry');
    const at = '2026-11-23T09:00:00.000Z';
    value(await markRejected(db, entry, 'register-closed', 'The register had closed.', at));
    expect(await pendingCount(db)).toBe(0);
    await acknowledge(db, [{ opId: entry.op.opId, status: 'applied' }]);
    expect(value(await listRejected(db))).toEqual([
      {
        opId: entry.op.opId,
        op: entry.op,
        authorId: 's-teacher',
        code: 'register-closed',
        reason: 'The register had closed.',
        at,
      },
    ]);
    expect(await markRejected(db, entry, '', 'x', at)).toMatchObject({ ok: false });
  });
});

describe('renumberFrom', () => {
  it('renumbers the author’s queue from the expected number and continues after it', async () => {
    const db = newDb();
    for (const authorId of ['s-a', 's-a', 's-a', 's-a', 's-b'])
      value(await recordMark(db, markInput({ authorId })));
    const before = value(await pendingFor(db, 's-a'));
    await acknowledge(db, [{ opId: before[0]?.op.opId ?? '', status: 'applied' }]);
    // 2, 3, 4 → 3, 4, 5 overlaps itself: the unique index must not trip.
    expect(value(await renumberFrom(db, 's-a', 3))).toBe(3);
    const after = value(await pendingFor(db, 's-a'));
    expect(after.map((e) => [e.deviceSeq, e.op.deviceSeq])).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
    expect(after.map((e) => e.op.opId)).toEqual(before.slice(1).map((e) => e.op.opId));
    expect(value(await recordMark(db, markInput({ authorId: 's-a' }))).deviceSeq).toBe(6);
    expect(value(await renumberFrom(db, 's-a', 1))).toBe(4);
    expect(await seqsOf(db, 's-a')).toEqual([1, 2, 3, 4]);
    expect(await seqsOf(db, 's-b')).toEqual([1]);
    expect(await renumberFrom(db, 's-a', 0)).toMatchObject({ ok: false });
  });

  it('with nothing queued, sets the counter so the next op takes the expected number', async () => {
    const db = newDb();
    expect(value(await renumberFrom(db, 's-a', 9))).toBe(0);
    expect(value(await recordMark(db, markInput({ authorId: 's-a' }))).deviceSeq).toBe(9);
  });
});

describe('pendingCount, oldestPendingAt, corrupt rows', () => {
  it('counts per device and per author, and dates the oldest unsent op', async () => {
    const db = newDb();
    expect(value(await oldestPendingAt(db))).toBeNull();
    value(await recordMark(db, markInput({ authorId: 's-a', now: NOW })));
    value(await recordMark(db, markInput({ authorId: 's-b', now: NOW + 60_000 })));
    expect(await pendingCount(db)).toBe(2);
    expect(await pendingCount(db, 's-b')).toBe(1);
    expect(value(await oldestPendingAt(db))).toBe(new Date(NOW).toISOString());
  });

  it('reports a corrupt outbox row as a typed error, neither thrown nor dropped', async () => {
    const db = newDb();
    value(await recordMark(db, markInput()));
    const badId = (await db.table('outbox').add({
      authorId: 's-teacher',
      deviceSeq: 2,
      op: { kind: 'mark' },
      createdAt: 'x',
    })) as number;
    const read = await pendingFor(db, 's-teacher');
    expect(read).toMatchObject({
      ok: false,
      error: { code: 'corrupt-row', table: 'outbox', keys: [badId] },
    });
    await db.outbox.delete(1);
    expect(await oldestPendingAt(db)).toMatchObject({ ok: false, error: { code: 'corrupt-row' } });
  });
});

describe('property: interleaved recording', () => {
  it('any interleaving of two authors’ marks numbers each author 1..n without gaps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('s-a', 's-b'), fc.boolean()), { maxLength: 25 }),
        async (steps) => {
          const db = newDb();
          let inFlight: Promise<unknown>[] = [];
          for (const [authorId, awaitNow] of steps) {
            inFlight.push(recordMark(db, markInput({ authorId })));
            if (awaitNow) {
              await Promise.all(inFlight);
              inFlight = [];
            }
          }
          await Promise.all(inFlight);
          for (const authorId of ['s-a', 's-b']) {
            const n = steps.filter(([a]) => a === authorId).length;
            expect(await seqsOf(db, authorId)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
          }
          await db.delete();
        },
      ),
      { numRuns: 40 },
    );
  });
});
