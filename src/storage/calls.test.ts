import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyPullPage } from './applyPull.ts';
import { callsFor } from './calls.ts';
import { RollcallDb } from './db.ts';
import type { StorageResult } from './errors.ts';
import { acknowledge, pendingCount, pendingFor, recordCall, recordMark } from './outbox.ts';
import { call, callInput, freshDb, markInput } from './testing.ts';

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

/** Counts the read-write transactions a database runs, and notes each commit. */
function spyTransactions(db: RollcallDb): { readwrite: number; events: string[] } {
  const seen = { readwrite: 0, events: [] as string[] };
  db.use({
    stack: 'dbcore',
    name: 'transaction-spy',
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options) => {
        const tx = down.transaction(stores, mode, options);
        if (mode === 'readwrite') {
          seen.readwrite += 1;
          (tx as unknown as IDBTransaction).addEventListener('complete', () => {
            seen.events.push(`committed ${[...stores].sort().join('+')}`);
          });
        }
        return tx;
      },
    }),
  });
  return seen;
}

describe('recordCall', () => {
  it('[call] queues the call with the author’s next deviceSeq in one transaction, resolving after it commits', async () => {
    const name = newDb().name;
    const db = new RollcallDb(name);
    opened.push(db);
    const seen = spyTransactions(db);
    value(await recordMark(db, markInput({ authorId: 's-office', source: 'office', code: 'I' })));
    seen.readwrite = 0;
    seen.events.length = 0;
    const op = value(await recordCall(db, callInput({ note: '  Rang twice  ' })));
    seen.events.push('resolved');
    expect(seen.readwrite).toBe(1);
    expect(seen.events).toEqual(['committed meta+outbox', 'resolved']);
    expect(op).toEqual({
      kind: 'call',
      opId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      deviceId: expect.any(String) as unknown,
      deviceSeq: 2,
      pupilId: 'p-1',
      date: '2026-11-23',
      recordedAt: '2026-11-23T09:45:00.000Z',
      at: '09:40',
      contact: 'Jo Example',
      phone: '07700 900123',
      outcome: 'no-answer',
      note: 'Rang twice',
    });
    // Another connection sees the op and the counter: both were committed together.
    const other = new RollcallDb(name);
    expect(value(await pendingFor(other, 's-office')).map((e) => e.op)).toContainEqual(op);
    expect((await other.meta.get('seq:s-office'))?.value).toBe(2);
    other.close();
  });

  it('[call] refuses a bad call without writing or using up a number', async () => {
    const db = newDb();
    for (const bad of [
      callInput({ outcome: 'shouted' as 'no-answer' }),
      callInput({ contact: 'Jo\u0000Example' }),
      callInput({ contact: '   ' }),
      callInput({ at: '9.40' }),
      callInput({ phone: '0'.repeat(41) }),
    ])
      expect(await recordCall(db, bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    expect(await pendingCount(db)).toBe(0);
    expect(value(await recordCall(db, callInput())).deviceSeq).toBe(1);
  });

  it('[call] a full disk is storage-full and leaves neither the call nor its number', async () => {
    const db = newDb();
    await db.open();
    vi.spyOn(db.Table.prototype, 'bulkAdd').mockRejectedValueOnce(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    );
    expect(await recordCall(db, callInput())).toMatchObject({
      ok: false,
      error: { code: 'storage-full' },
    });
    expect(await pendingCount(db)).toBe(0);
    expect(value(await recordCall(db, callInput())).deviceSeq).toBe(1);
  });
});

describe('callsFor', () => {
  it('[call] lists the pulled calls with this author’s unsent ones, in the order they were made', async () => {
    const db = newDb();
    const page = [
      { type: 'call' as const, version: 1, data: call({ opId: 'c-1', at: '09:40' }) },
      { type: 'call' as const, version: 1, data: call({ opId: 'c-2', at: '08:55', seq: 2 }) },
      { type: 'call' as const, version: 1, data: call({ opId: 'c-3', pupilId: 'p-2', seq: 3 }) },
      {
        type: 'call' as const,
        version: 1,
        data: call({ opId: 'c-4', date: '2026-11-20', seq: 4 }),
      },
    ];
    value(await applyPullPage(db, 's-office', { changes: page, cursor: 1 }));
    const mine = value(await recordCall(db, callInput({ at: '09:42', outcome: 'message-left' })));
    // Someone else's unsent call on this device is theirs to see, not this author's.
    value(await recordCall(db, callInput({ authorId: 's-admin', at: '09:43' })));

    const today = value(
      await callsFor(db, { authorId: 's-office', pupilId: 'p-1', date: '2026-11-23' }),
    );
    expect(today.map((c) => [c.opId, c.at, c.isPending])).toEqual([
      ['c-2', '08:55', false],
      ['c-1', '09:40', false],
      [mine.opId, '09:42', true],
    ]);
    expect(today[2]).toMatchObject({ outcome: 'message-left', authorId: 's-office', note: null });
    const pupil = value(await callsFor(db, { authorId: 's-office', pupilId: 'p-1' }));
    expect(pupil.map((c) => c.opId)).toEqual(['c-4', 'c-2', 'c-1', mine.opId]);
    const day = value(await callsFor(db, { authorId: 's-office', date: '2026-11-23' }));
    expect(day.map((c) => c.opId)).toEqual(['c-2', 'c-1', 'c-3', mine.opId]);
  });

  it('[call] a call pulled back before its acknowledgement shows once, as the server’s', async () => {
    const db = newDb();
    const op = value(await recordCall(db, callInput()));
    const back = call({ opId: op.opId, recordedAt: op.recordedAt });
    value(
      await applyPullPage(db, 's-office', {
        changes: [{ type: 'call', version: 1, data: back }],
        cursor: 1,
      }),
    );
    const listed = value(await callsFor(db, { authorId: 's-office', pupilId: 'p-1' }));
    expect(listed).toEqual([expect.objectContaining({ opId: op.opId, isPending: false })]);
    await acknowledge(db, [{ opId: op.opId, status: 'applied' }]);
    expect(value(await callsFor(db, { authorId: 's-office', pupilId: 'p-1' }))).toEqual(listed);
  });

  it('[call] reports a damaged stored call instead of dropping it', async () => {
    const db = newDb();
    await db.calls.put({ ...call({ opId: 'c-bad' }), outcome: 'shouted' } as unknown as ReturnType<
      typeof call
    >);
    expect(await callsFor(db, { authorId: 's-office', pupilId: 'p-1' })).toMatchObject({
      ok: false,
      error: { code: 'corrupt-row', table: 'calls', keys: ['c-bad'] },
    });
  });
});
