/**
 * The office device's figures (issue #15, docs/architecture.md §6), in Node: the real server over
 * real HTTP (PGlite in memory) holding the 1,000-pupil bench school and a year of marks, and the
 * office's device as a fake-indexeddb Dexie synced by the real engine, read the way the worklist
 * screen reads it (`readUnexplainedCells`, then `worklistRows` of src/ui/office/worklistData.ts).
 *
 * - `officeFirstSyncMs`: a fresh office device from its engine's start to the worklist's rows;
 *   beside it the floor `rawPullAndStoreMs`: the same pages fetched and their rows `bulkPut`,
 *   nothing else (no checks, no cursor), one transaction a page.
 * - `officeWorklistMs`: the worklist from the device database to rows (median).
 * - `officeResolveP95Ms`: one `N` changed through the outbox (`recordOfficeMarks`) until the
 *   worklist read no longer holds it (p95).
 * - `officeStorageMb`: what the office device stores, as JSON (MiB).
 */
import 'fake-indexeddb/auto';
import type { AddressInfo } from 'node:net';
import { toSchoolTime } from '../src/domain/clock.ts';
import type { Amendment } from '../src/schema/amendment.ts';
import { signedInSchema } from '../src/schema/auth.ts';
import type { PullChange } from '../src/schema/sync.ts';
import { PULL_DEFAULT_LIMIT } from '../src/schema/protocol.ts';
import { buildServer } from '../src/server/app.ts';
import { ServerClock } from '../src/server/clock.ts';
import { demoBundle, DEMO_PASSWORD } from '../src/server/demo/demoSchool.ts';
import { demoHistory } from '../src/server/demo/demoHistory.ts';
import { settle } from '../src/server/demo/loadDemo.ts';
import { importBundle } from '../src/server/school/importBundle.ts';
import { validateBundle } from '../src/server/school/validateBundle.ts';
import { insertRows } from '../src/server/store/bulk.ts';
import { openDatabase } from '../src/server/store/open.ts';
import { amendmentToRow } from '../src/server/store/rows.ts';
import type { Database } from '../src/server/store/schema.ts';
import { bumpVersion } from '../src/server/store/versions.ts';
import { saveAuth } from '../src/storage/auth.ts';
import { RollcallDb, SINGLE_KEY, type TableName } from '../src/storage/db.ts';
import { readUnexplainedCells } from '../src/storage/officeView.ts';
import { createSyncEngine } from '../src/sync/engine.ts';
import type { SyncEngine } from '../src/sync/types.ts';
import { recordOfficeMarks, type OfficeContext } from '../src/ui/office/officeWrites.ts';
import { worklistRows, type OpenRow } from '../src/ui/office/worklistData.ts';
import { readSchoolData, type SchoolData } from '../src/ui/shared/schoolData.ts';
import type { Kysely } from 'kysely';
import { median, p95, round, stepper } from './measure.ts';

const step = stepper('office');

/** 09:40 on Wednesday 21 July 2027, the last day of the school year: a year of marks behind it. */
const NOW = '2027-07-21T09:40:00.000Z';
const PUPILS = 1000;
const RESOLVES = 20;
const WORKLIST_RUNS = 7;

/**
 * Writes the year's marks as a school's server would have them: one version per school day (the
 * day's registers, the office's changes), outcomes folded over each cell's whole log.
 */
export async function writeYear(db: Kysely<Database>, schoolId: string, amendments: Amendment[]) {
  settle(amendments);
  const byDate = new Map<string, Amendment[]>();
  for (const a of amendments) {
    const list = byDate.get(a.date);
    if (list === undefined) byDate.set(a.date, [a]);
    else list.push(a);
  }
  for (const date of [...byDate.keys()].sort()) {
    await db.transaction().execute(async (trx) => {
      const version = await bumpVersion(trx, schoolId);
      await insertRows(
        trx,
        'amendments',
        (byDate.get(date) ?? []).map((a) => amendmentToRow(a, schoolId, version)),
      );
    });
  }
  await db
    .updateTable('schools')
    .set({ op_seq: amendments[amendments.length - 1]?.seq ?? 0, closed_through: NOW })
    .where('id', '=', schoolId)
    .execute();
}

/** The device table each kind of change is stored in. */
const TABLE_OF: Record<PullChange['type'], TableName> = {
  school: 'school',
  group: 'groups',
  pupil: 'pupils',
  staff: 'staff',
  amendment: 'amendments',
  movement: 'movements',
  call: 'calls',
  rollcall: 'rollCallSteps',
};

let devices = 0;

function freshDb(): RollcallDb {
  devices += 1;
  return new RollcallDb(`bench-office-${String(process.pid)}-${String(devices)}`);
}

/** The worklist as the screen makes it: the device's `N` cells, as rows. */
async function worklist(db: RollcallDb, school: SchoolData, staffId: string, asOf: string) {
  const cells = await readUnexplainedCells(db, staffId);
  if (!cells.ok) throw new Error(`worklist read failed: ${cells.error.message}`);
  return worklistRows(school, cells.value, asOf);
}

async function schoolOf(db: RollcallDb): Promise<SchoolData> {
  const school = await readSchoolData(db);
  if (!school.ok) throw new Error(`the office device has no school: ${school.error}`);
  return school.value;
}

/** Size of everything the device stores, as JSON, in MiB. */
async function storedMb(db: RollcallDb): Promise<number> {
  let bytes = 0;
  for (const table of db.tables) {
    await table.each((row) => {
      bytes += JSON.stringify(row).length;
    });
  }
  return bytes / (1024 * 1024);
}

/** The floor: the same pages, fetched and `bulkPut` as they come, one transaction each. */
async function rawPullAndStore(url: string, token: string, db: RollcallDb): Promise<number> {
  const started = performance.now();
  let cursor = 0;
  for (;;) {
    const response = await fetch(
      `${url}/api/sync/pull?cursor=${String(cursor)}&limit=${String(PULL_DEFAULT_LIMIT)}`,
      { headers: { accept: 'application/json', authorization: `Bearer ${token}` } },
    );
    const page = (await response.json()) as {
      changes: PullChange[];
      cursor: number;
      hasMore: boolean;
    };
    const rows = new Map<TableName, unknown[]>();
    for (const change of page.changes) {
      const table = TABLE_OF[change.type];
      const list = rows.get(table) ?? [];
      list.push(change.data);
      rows.set(table, list);
    }
    const tables = [...rows.keys()].map((name) => db.table(name));
    await db.transaction('rw', tables, async () => {
      for (const [name, list] of rows) {
        if (name === 'school') await db.school.put(list[0] as never, SINGLE_KEY);
        else await db.table(name).bulkPut(list);
      }
    });
    cursor = page.cursor;
    if (!page.hasMore) return performance.now() - started;
  }
}

export async function officeFigures(): Promise<Record<string, number>> {
  step('loading a year of marks for 1,000 pupils');
  const store = await openDatabase({ dataDir: 'memory://' });
  const bundle = demoBundle(PUPILS, '2026-09-02');
  const valid = validateBundle(bundle);
  if (!valid.ok) throw new Error('bench bundle invalid');
  const { schoolId } = await importBundle(store.db, valid.value, NOW);
  const history = demoHistory({ bundle, untilMs: Date.parse(NOW), firstSeq: 1 });
  await writeYear(store.db, schoolId, history);
  await store.maintain();
  const server = await buildServer({
    store,
    clock: new ServerClock(Date.parse(NOW)),
    closeEveryMs: 0,
  });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${String((server.app.server.address() as AddressInfo).port)}`;
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'office', password: DEMO_PASSWORD }),
  });
  const auth = signedInSchema.parse(await login.json());
  const benchStart = Date.now();
  const now = () => Date.parse(NOW) + (Date.now() - benchStart);
  const today = toSchoolTime(Date.parse(NOW)).date;

  try {
    step('the floor: fetching the pages and storing their rows');
    const rawDb = freshDb();
    await rawDb.open();
    const rawPullAndStoreMs = await rawPullAndStore(url, auth.token, rawDb);
    step(`floor ${String(Math.round(rawPullAndStoreMs))} ms`);
    rawDb.close();
    await rawDb.delete();

    step("the office's first sync");
    const db = freshDb();
    const saved = await saveAuth(db, auth);
    if (!saved.ok) throw new Error(saved.error.message);
    const engine: SyncEngine = createSyncEngine({
      db,
      baseUrl: url,
      now,
      window: null,
      document: null,
      locks: null,
      serverEvents: false,
      isBrowserOnline: () => true,
      intervalMs: 600_000,
    });
    const started = performance.now();
    const synced = new Promise<void>((resolve, reject) => {
      const stop = engine.subscribe((status) => {
        if (status.lastError !== null) reject(new Error(status.lastError.message));
        if (status.lastSyncAt === null) return;
        stop();
        resolve();
      });
    });
    engine.start();
    await synced;
    const pulledMs = performance.now() - started;
    let school = await schoolOf(db);
    let rows = await worklist(db, school, auth.staff.id, today);
    const officeFirstSyncMs = performance.now() - started;
    await engine.settled();
    if (rows.length === 0) throw new Error('the bench school has no unexplained absences');

    step(
      `first sync ${String(Math.round(officeFirstSyncMs))} ms (${String(Math.round(pulledMs))} ms pulled)`,
    );
    step('the worklist');
    const worklistTimes: number[] = [];
    for (let run = 0; run < WORKLIST_RUNS; run++) {
      const t = performance.now();
      school = await schoolOf(db);
      rows = await worklist(db, school, auth.staff.id, today);
      worklistTimes.push(performance.now() - t);
    }

    step('resolving N');
    const ctx: OfficeContext = { db, engine, auth, school };
    const resolveTimes: number[] = [];
    const toResolve: OpenRow[] = rows.slice(0, RESOLVES);
    for (const row of toResolve) {
      const t = performance.now();
      const written = await recordOfficeMarks(ctx, [
        {
          pupilId: row.pupilId,
          date: row.date,
          session: row.session,
          code: 'I',
          reason: 'Mother phoned: unwell',
          reportedBy: null,
          basedOn: row.headOpId,
        },
      ]);
      if (!written.ok) throw new Error(`the office could not resolve an N: ${written.error}`);
      const after = await worklist(db, school, auth.staff.id, today);
      resolveTimes.push(performance.now() - t);
      if (after.some((r) => r.key === row.key)) throw new Error('a resolved N stayed on the list');
    }
    await engine.stop();
    const officeStorageMb = await storedMb(db);
    const amendments = await db.amendments.count();
    db.close();
    await db.delete();

    console.log(
      `office: ${String(history.length)} amendments on the server, ${String(amendments)} on the ` +
        `device, ${String(rows.length + RESOLVES)} unexplained; first sync ` +
        `${String(Math.round(officeFirstSyncMs))} ms against ${String(Math.round(rawPullAndStoreMs))} ms ` +
        `to fetch and store the same pages (the sync itself ${String(Math.round(pulledMs))} ms)`,
    );
    return {
      officeFirstSyncMs: Math.round(officeFirstSyncMs),
      rawPullAndStoreMs: Math.round(rawPullAndStoreMs),
      officeWorklistMs: Math.round(median(worklistTimes)),
      officeResolveP95Ms: round(p95(resolveTimes)),
      officeStorageMb: round(officeStorageMb),
    };
  } finally {
    await server.close();
    await store.close();
  }
}
