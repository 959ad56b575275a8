/**
 * Server figures: push ingest against a raw batched insert into the same database in the same run
 * (PGlite, and PostgreSQL when DATABASE_URL is set), and a full-year attendance report for 1,000
 * pupils on PGlite.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { sessionsOn } from '../src/domain/calendar.ts';
import { addDays } from '../src/domain/dates.ts';
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../src/schema/ids.ts';
import type { MarkOp } from '../src/schema/op.ts';
import { buildServer } from '../src/server/app.ts';
import { ServerClock } from '../src/server/clock.ts';
import { demoBundle, DEMO_PASSWORD } from '../src/server/demo/demoSchool.ts';
import { demoHistory } from '../src/server/demo/demoHistory.ts';
import { writeHistory } from '../src/server/demo/loadDemo.ts';
import { attendanceReport } from '../src/server/reads/reports.ts';
import { SchoolContexts } from '../src/server/school/context.ts';
import { importBundle } from '../src/server/school/importBundle.ts';
import { validateBundle } from '../src/server/school/validateBundle.ts';
import { openDatabase, type OpenOptions } from '../src/server/store/open.ts';
import { amendmentToRow } from '../src/server/store/rows.ts';
import type { PushResponse } from '../src/schema/sync.ts';
import { median } from './measure.ts';

const NOW = '2026-11-23T10:00:00.000Z';
const OPS = 20_000;
const BATCH = 1000;

async function seedSchool(options: OpenOptions, pupils: number) {
  const store = await openDatabase(options);
  const bundle = demoBundle(pupils, '2026-11-23');
  const valid = validateBundle(bundle);
  if (!valid.ok) throw new Error('bench bundle invalid');
  const summary = await importBundle(store.db, valid.value, NOW);
  return { store, bundle, valid: valid.value, schoolId: summary.schoolId };
}

/** Office ops, each the first mark of its own cell, on school sessions of the autumn term. */
function officeOps(
  bundle: ReturnType<typeof demoBundle>,
  calendar: Parameters<typeof sessionsOn>[0],
  count: number,
): MarkOp[] {
  const ops: MarkOp[] = [];
  let seq = 1;
  for (let date = '2026-12-01'; ops.length < count; date = addDays(date, 1)) {
    for (const session of sessionsOn(calendar, date)) {
      for (const pupil of bundle.pupils) {
        if (ops.length >= count) break;
        ops.push({
          kind: 'mark',
          opId: uuidv7(Date.now(), randomBytes(10)),
          deviceId: 'bench-office',
          deviceSeq: seq++,
          pupilId: pupil.id,
          date,
          session,
          code: 'I',
          basedOn: null,
          recordedAt: NOW,
          source: 'office',
          reason: 'Planned absence',
        });
      }
    }
  }
  return ops;
}

/** The same amendment rows as the pushes write, for the raw insert to compare with. */
function rawRows(ops: readonly MarkOp[]) {
  return ops.map((op, i) =>
    amendmentToRow(
      {
        opId: `raw-${op.opId}`,
        pupilId: op.pupilId,
        date: op.date,
        session: op.session,
        code: op.code,
        arrivedAt: null,
        minutesLate: null,
        reason: op.reason ?? null,
        note: null,
        basedOn: null,
        source: 'office',
        authorId: 'office',
        deviceId: op.deviceId,
        deviceSeq: op.deviceSeq,
        recordedAt: NOW,
        receivedAt: NOW,
        seq: i + 1,
        outcome: 'current',
        lateSync: false,
      },
      'school-149999',
      1,
    ),
  );
}

/** Milliseconds taken by `run`. */
async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function ingest(options: OpenOptions) {
  const { store, bundle, valid } = await seedSchool(options, 1000);
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
  const { token } = (await login.json()) as { token: string };
  const ops = officeOps(bundle, valid.calendar, OPS);
  const push = async (batch: MarkOp[]) => {
    const response = await fetch(`${url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ protocol: 1, deviceId: 'bench-office', ops: batch }),
    });
    const body = (await response.json()) as PushResponse;
    if (body.results.some((r) => r.status !== 'applied'))
      throw new Error(
        `bench push rejected: ${JSON.stringify(body.results.find((r) => r.status !== 'applied'))}`,
      );
  };
  // The raw figure: the same amendment rows, one INSERT … VALUES of BATCH rows each, into a copy
  // of the amendments table with its keys and indexes. Pushes and raw batches take turns (each
  // going first every other time), so load from other processes falls on both alike and the
  // ratio between them holds even on a busy machine.
  await sql`create table bench_raw (like amendments including all)`.execute(store.db);
  const rows = rawRows(ops);
  const raw = async (batch: typeof rows) => {
    await store.db
      .insertInto('bench_raw' as 'amendments')
      .values(batch)
      .execute();
  };
  let ingestMs = 0;
  let rawMs = 0;
  for (let i = 0; i < ops.length; i += BATCH) {
    const pushMs = () => timed(() => push(ops.slice(i, i + BATCH)));
    const insertMs = () => timed(() => raw(rows.slice(i, i + BATCH)));
    if ((i / BATCH) % 2 === 0) {
      ingestMs += await pushMs();
      rawMs += await insertMs();
    } else {
      rawMs += await insertMs();
      ingestMs += await pushMs();
    }
  }
  await sql`drop table bench_raw`.execute(store.db);
  await server.close();
  await store.close();
  return { ingest: Math.round(OPS / (ingestMs / 1000)), raw: Math.round(OPS / (rawMs / 1000)) };
}

async function yearReport() {
  const { store, bundle, schoolId } = await seedSchool({ dataDir: 'memory://' }, 1000);
  const history = demoHistory({ bundle, untilMs: Date.parse('2027-07-22T00:00:00Z'), firstSeq: 1 });
  await writeHistory(store.db, schoolId, history, NOW);
  await store.maintain(); // as the server does after a bulk load, and hourly
  const school = await new SchoolContexts(store.db).get(schoolId);
  if (school === undefined) throw new Error('bench school missing');
  const times: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    const started = performance.now();
    const rows = await attendanceReport(store.db, school, '2026-09-01', '2027-07-31', 'pupil');
    times.push(performance.now() - started);
    if (!rows.ok || rows.value.length !== 1000)
      throw new Error(`report gave ${rows.ok ? String(rows.value.length) : rows.error.code} rows`);
  }
  await store.close();
  return { ms: Math.round(median(times.slice(2))), marks: history.length };
}

export async function serverFigures(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const pglite = await ingest({ dataDir: 'memory://' });
  figures['ingestOpsPerSecPglite'] = pglite.ingest;
  figures['rawInsertRowsPerSecPglite'] = pglite.raw;
  console.log(
    `push ingest on PGlite: ${String(pglite.ingest)} ops/s; raw batched insert: ${String(pglite.raw)} rows/s`,
  );
  // The PGlite figures first, together: PostgreSQL runs on the same machine, and the writing it
  // does in the background after its ingest (checkpoint, vacuum) would fall on the report.
  const report = await yearReport();
  figures['yearReport1000PupilsMsPglite'] = report.ms;
  console.log(
    `attendance report, full year, 1,000 pupils (${String(report.marks)} marks) on PGlite: ${String(report.ms)} ms`,
  );
  const url = process.env['DATABASE_URL'];
  if (url !== undefined && url !== '') {
    const pg = await ingest({
      databaseUrl: url,
      pgSchema: `bench_${String(process.pid)}`,
      dropSchemaOnClose: true,
    });
    figures['ingestOpsPerSecPostgres'] = pg.ingest;
    figures['rawInsertRowsPerSecPostgres'] = pg.raw;
    console.log(
      `push ingest on PostgreSQL: ${String(pg.ingest)} ops/s; raw batched insert: ${String(pg.raw)} rows/s`,
    );
  } else {
    console.log('DATABASE_URL is not set: skipping the PostgreSQL figures.');
  }
  return figures;
}
