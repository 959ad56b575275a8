import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { clearAuth, readAuth, readDeviceSession, saveAuth } from './auth.ts';
import { RollcallDb, SINGLE_KEY } from './db.ts';
import type { StorageResult } from './errors.ts';
import { cursorFor } from './applyPull.ts';
import { clockOffsetMs, setClockOffsetMs } from './meta.ts';
import { pendingCount, pendingFor, recordCall, recordMark } from './outbox.ts';
import type { SignedIn } from '../schema/auth.ts';
import { callsFor } from './calls.ts';
import { amendmentSchema, parseRows } from './records.ts';
import { amendment, callInput, freshDb, markInput } from './testing.ts';

/** Version 1 exactly as shipped. Never edit: it stands for databases already on devices. */
const SHIPPED_V1 = {
  meta: 'key',
  school: '',
  groups: 'id',
  pupils: 'id, groupId',
  staff: 'id',
  amendments: 'opId, [pupilId+date+session], date',
  movements: 'opId, date, pupilId',
  outbox: '++id, authorId, &[authorId+deviceSeq], &op.opId',
  rejected: 'opId, authorId',
  auth: '',
};

const names: string[] = [];
function newName(): string {
  const name = freshDb().name;
  names.push(name);
  return name;
}
afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => Dexie.delete(name)));
});

function value<T>(result: StorageResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function v1Op(authorId: string, deviceSeq: number) {
  return {
    kind: 'mark',
    opId: `op-${authorId}-${String(deviceSeq)}`,
    deviceId: 'dev-1',
    deviceSeq,
    pupilId: 'p-1',
    date: '2026-11-23',
    recordedAt: '2026-11-23T08:52:00.000Z',
    session: 'AM',
    code: '/',
    basedOn: null,
    source: 'register',
  };
}

/** A version 1 database as an installed app left it: three queued ops for one author, two for another. */
async function seedVersion1(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores(SHIPPED_V1);
  const rows = [
    ['s-a', 1],
    ['s-a', 2],
    ['s-b', 1],
    ['s-a', 3],
    ['s-b', 2],
  ] as const;
  await v1.table('outbox').bulkAdd(
    rows.map(([authorId, seq]) => ({
      authorId,
      deviceSeq: seq,
      op: v1Op(authorId, seq),
      createdAt: '2026-11-23T08:52:00.000Z',
    })),
  );
  await v1.table('meta').bulkPut([
    { key: 'deviceId', value: 'dev-1' },
    { key: 'seq:s-a', value: 3 },
    { key: 'seq:s-b', value: 2 },
  ]);
  v1.close();
}

/** A future schema change, declared the way db.ts says to: a version 5 block with an upgrade. */
class FutureRollcallDb extends RollcallDb {
  constructor(name: string) {
    super(name);
    this.version(5)
      .stores({ outbox: '++id, authorId, &[authorId+deviceSeq], &op.opId, createdAt' })
      .upgrade((tx) =>
        tx
          .table('outbox')
          .toCollection()
          .modify((row: { createdAt: string; createdAtMs?: number }) => {
            row.createdAtMs = Date.parse(row.createdAt);
          }),
      );
  }
}

/** Rows a version 1 device held beside its outbox: marks, a movement and a pull cursor. */
async function seedVersion1Data(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores(SHIPPED_V1);
  await v1
    .table('amendments')
    .bulkAdd([
      amendment({ opId: 'a-n1', pupilId: 'p-1', code: 'N', source: 'system', authorId: null }),
      amendment({ opId: 'a-p2', pupilId: 'p-2', code: '/' }),
      amendment({ opId: 'a-n3', pupilId: 'p-3', date: '2026-11-20', code: 'N', seq: 2 }),
    ]);
  await v1.table('movements').add({
    opId: 'm-1',
    pupilId: 'p-1',
    date: '2026-11-23',
    direction: 'out',
    at: '10:00',
    reason: null,
    accompaniedBy: null,
    authorId: 's-reception',
    deviceId: 'dev-1',
    recordedAt: '2026-11-23T10:01:00.000Z',
    receivedAt: '2026-11-23T10:01:02.000Z',
    seq: 3,
  });
  await v1.table('meta').put({ key: 'cursor:s-a', value: 42 });
  v1.close();
}

describe('schema upgrades', () => {
  it('[v2] a populated version 1 database opens at the current version with every row, outbox included', async () => {
    const name = newName();
    await seedVersion1(name);
    await seedVersion1Data(name);
    const db = new RollcallDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await pendingCount(db)).toBe(5);
    expect(value(await pendingFor(db, 's-a')).map((e) => e.op)).toEqual(
      [1, 2, 3].map((seq) => v1Op('s-a', seq)),
    );
    expect(await db.amendments.count()).toBe(3);
    expect(await db.movements.count()).toBe(1);
    expect(value(await cursorFor(db, 's-a'))).toBe(42);
    // The new indexes cover the rows version 1 left: every N by code, a pupil's marks by pupil.
    expect((await db.amendments.where('code').equals('N').primaryKeys()).sort()).toEqual([
      'a-n1',
      'a-n3',
    ]);
    expect(await db.amendments.where('pupilId').equals('p-2').primaryKeys()).toEqual(['a-p2']);
    // Amendments stored before `reportedBy` existed still read; the new calls table is empty.
    const read = parseRows('amendments', amendmentSchema, await db.amendments.toArray(), () => '');
    expect(value(read).map((a) => a.reportedBy)).toEqual([undefined, undefined, undefined]);
    expect(value(await callsFor(db, { authorId: 's-a' }))).toEqual([]);
    // Version 3's roll-call table starts empty; version 4 finds marks by outcome.
    expect(await db.rollCallSteps.count()).toBe(0);
    expect(await db.amendments.where('outcome').equals('current').count()).toBe(
      await db.amendments.filter((row) => row.outcome === 'current').count(),
    );
    db.close();
  });

  it('[v2] after the upgrade a call is recorded after the queued ops and read back at once', async () => {
    const name = newName();
    await seedVersion1(name);
    const db = new RollcallDb(name);
    const call = value(await recordCall(db, callInput({ authorId: 's-a' })));
    expect(call).toMatchObject({ kind: 'call', deviceSeq: 4, deviceId: 'dev-1' });
    expect(value(await pendingFor(db, 's-a')).map((e) => e.deviceSeq)).toEqual([1, 2, 3, 4]);
    expect(value(await callsFor(db, { authorId: 's-a', pupilId: 'p-1' }))).toMatchObject([
      { opId: call.opId, isPending: true },
    ]);
    db.close();
  });

  it('the current version opens a populated version 1 database and keeps every outbox entry', async () => {
    const name = newName();
    await seedVersion1(name);
    const db = new RollcallDb(name);
    expect(await pendingCount(db)).toBe(5);
    const a = value(await pendingFor(db, 's-a'));
    expect(a.map((e) => e.op)).toEqual([1, 2, 3].map((seq) => v1Op('s-a', seq)));
    expect(value(await pendingFor(db, 's-b')).map((e) => e.deviceSeq)).toEqual([1, 2]);
    const next = value(await recordMark(db, markInput({ authorId: 's-a' })));
    expect(next).toMatchObject({ deviceSeq: 4, deviceId: 'dev-1' });
    db.close();
  });

  it('a version 5 declared over the current one loses no outbox entry and numbering carries on', async () => {
    const name = newName();
    await seedVersion1(name);
    const current = new RollcallDb(name);
    const before = value(await pendingFor(current, 's-a'));
    current.close();
    const db = new FutureRollcallDb(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await pendingCount(db)).toBe(5);
    expect(value(await pendingFor(db, 's-a'))).toEqual(before);
    expect(await db.outbox.where('createdAt').equals('2026-11-23T08:52:00.000Z').count()).toBe(5);
    const raw = (await db.outbox.toArray()) as unknown as { createdAtMs: number }[];
    expect(raw.every((row) => row.createdAtMs === Date.parse('2026-11-23T08:52:00.000Z'))).toBe(
      true,
    );
    expect(value(await recordMark(db, markInput({ authorId: 's-b' }))).deviceSeq).toBe(3);
    db.close();
  });
});

const AUTH: SignedIn = {
  token: 'tok-123',
  staff: {
    id: 's-a',
    name: 'Tom Hughes',
    position: 'Class teacher',
    role: 'teacher',
    groups: ['g-3b'],
  },
  school: { id: 'sch-1', urn: '123456', name: 'Lady Byron' },
  expiresAt: '2026-11-30T08:00:00.000Z',
};

describe('auth and meta', () => {
  it('keeps the signed-in person until sign-out, which leaves the outbox alone', async () => {
    const db = new RollcallDb(newName());
    expect(value(await readAuth(db))).toBeUndefined();
    value(await saveAuth(db, AUTH));
    expect(value(await readAuth(db))).toEqual(AUTH);
    value(await recordMark(db, markInput({ authorId: 's-a' })));
    await clearAuth(db);
    expect(value(await readAuth(db))).toBeUndefined();
    expect(await pendingCount(db)).toBe(1);
    db.close();
  });

  it('refuses a malformed login and reports a corrupt stored one', async () => {
    const db = new RollcallDb(newName());
    expect(await saveAuth(db, { ...AUTH, token: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    await db.table('auth').put({ token: 'x' }, SINGLE_KEY);
    expect(await readAuth(db)).toMatchObject({
      ok: false,
      error: { code: 'corrupt-row', table: 'auth', keys: [SINGLE_KEY] },
    });
    db.close();
  });

  it('[clock-restore] reads the login and the last clock offset together, as the app starts', async () => {
    const db = new RollcallDb(newName());
    expect(value(await readDeviceSession(db))).toEqual({ auth: null, clockOffsetMs: 0 });
    // A tablet whose own clock is two days ahead: the offset measured at its last sync is kept.
    value(await saveAuth(db, AUTH));
    value(await setClockOffsetMs(db, -2 * 86_400_000));
    expect(value(await readDeviceSession(db))).toEqual({
      auth: AUTH,
      clockOffsetMs: -2 * 86_400_000,
    });
    // Signing out keeps the measured clock for whoever signs in next, offline or not.
    await clearAuth(db);
    expect(value(await readDeviceSession(db))).toEqual({
      auth: null,
      clockOffsetMs: -2 * 86_400_000,
    });
    db.close();
  });

  it('[clock-restore] a sign-in stores its clock offset with the login, or neither', async () => {
    const db = new RollcallDb(newName());
    value(await saveAuth(db, AUTH, 90_000));
    expect(value(await readDeviceSession(db))).toEqual({ auth: AUTH, clockOffsetMs: 90_000 });
    // Without a measurement the offset already known stays.
    value(await saveAuth(db, AUTH));
    expect(value(await clockOffsetMs(db))).toBe(90_000);
    // A broken measurement is refused, and the login with it.
    await clearAuth(db);
    expect(await saveAuth(db, AUTH, Number.NaN)).toMatchObject({ ok: false });
    expect(value(await readDeviceSession(db))).toEqual({ auth: null, clockOffsetMs: 90_000 });
    db.close();
  });

  it('[clock-restore] a damaged stored offset is reported, not read as the device clock', async () => {
    const db = new RollcallDb(newName());
    value(await saveAuth(db, AUTH));
    await db.meta.put({ key: 'clockOffsetMs', value: 'soon' });
    expect(await readDeviceSession(db)).toMatchObject({
      ok: false,
      error: { code: 'corrupt-row', table: 'meta' },
    });
    db.close();
  });

  it('stores the clock offset, 0 until the first sync', async () => {
    const db = new RollcallDb(newName());
    expect(value(await clockOffsetMs(db))).toBe(0);
    value(await setClockOffsetMs(db, -1500));
    expect(value(await clockOffsetMs(db))).toBe(-1500);
    expect(await setClockOffsetMs(db, Number.NaN)).toMatchObject({ ok: false });
    await db.meta.put({ key: 'clockOffsetMs', value: 'soon' });
    expect(await clockOffsetMs(db)).toMatchObject({ ok: false, error: { code: 'corrupt-row' } });
    db.close();
  });
});
