/**
 * Loading schools (docs/sync-protocol.md §10): validation that names the path of every bad
 * field at once, atomic imports that update in place, the `rollcall import` command line, and the
 * demo school that `npm start` loads into an empty database.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNUSABLE_PASSWORD, verifyPassword } from '../../src/server/auth/passwords.ts';
import { loadDemo } from '../../src/server/demo/loadDemo.ts';
import { readConflicts, readUnexplained } from '../../src/server/reads/office.ts';
import { attendanceReport } from '../../src/server/reads/reports.ts';
import { SchoolContexts, type SchoolContext } from '../../src/server/school/context.ts';
import { importBundle } from '../../src/server/school/importBundle.ts';
import { validateBundle, type ValidBundle } from '../../src/server/school/validateBundle.ts';
import { openDatabase, type OpenedDatabase } from '../../src/server/store/open.ts';
import type { SchoolBundle } from '../../src/schema/bundle.ts';
import { PASSWORD, smallSchool } from '../fixtures/smallSchool.ts';
import { storeTargets } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function valid(bundle: unknown): ValidBundle {
  const check = validateBundle(bundle);
  if (!check.ok) throw new Error(`bundle invalid: ${JSON.stringify(check.error)}`);
  return check.value;
}

async function counts(store: OpenedDatabase) {
  const count = async (
    table: 'schools' | 'groups' | 'pupils' | 'staff' | 'amendments' | 'cells',
  ) => {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    schools: await count('schools'),
    groups: await count('groups'),
    pupils: await count('pupils'),
    staff: await count('staff'),
  };
}

/** A copy of the fixture with six different problems, one of each kind. */
function brokenBundle(): unknown {
  const bundle = structuredClone(smallSchool()) as unknown as {
    school: { sessionTimes: { AM: { closes: string } } };
    calendar: { terms: { end: string }[] };
    groups: { sessionTimes: unknown }[];
    pupils: { id: string; upn: string; groupId: string }[];
  };
  const term = bundle.calendar.terms[1];
  const [, , third, fourth, fifth] = bundle.pupils;
  const group = bundle.groups[1];
  if (term === undefined || !third || !fourth || !fifth || group === undefined)
    throw new Error('fixture changed');
  term.end = '2026-02-30'; // no such date
  third.groupId = 'g-nope'; // no such group
  fourth.id = 'p1'; // pupils[0] is p1 already
  fifth.upn = 'A12345'; // too short for a UPN
  bundle.school.sessionTimes.AM.closes = '08:40'; // before it opens (08:50)
  group.sessionTimes = { AM: { opens: '09:00', closes: '08:30', ends: '12:00' } };
  return bundle;
}

describe('[import] validateBundle names the path of every bad field', () => {
  it('reports several problems at once, each at its path', () => {
    const check = validateBundle(brokenBundle());
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const paths = check.error.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'calendar.terms[1].end',
        'pupils[2].groupId',
        'pupils[3].id',
        'pupils[4].upn',
        'school.sessionTimes',
        'groups[1].sessionTimes.AM',
      ]),
    );
    expect(check.error).toHaveLength(6);
    for (const problem of check.error) expect(problem.message.length).toBeGreaterThan(5);
    const byPath = new Map(check.error.map((p) => [p.path, p.message]));
    expect(byPath.get('pupils[2].groupId')).toContain('g-nope');
    expect(byPath.get('pupils[3].id')).toContain('pupils[0].id');
    expect(byPath.get('school.sessionTimes')).toContain('08:40');
    expect(byPath.get('groups[1].sessionTimes.AM')).toContain('08:30');
  });

  it('reports the problems between records also when every record is well formed', () => {
    const bundle = smallSchool();
    const staff = bundle.staff[0];
    const pupil = bundle.pupils[6];
    if (staff === undefined || pupil === undefined) throw new Error('fixture changed');
    bundle.staff = [...bundle.staff, { ...staff, username: 'T.HUGHES' }];
    bundle.pupils = [...bundle.pupils, { ...pupil, id: 'p99' }]; // same UPN as p7
    bundle.staff[1] = { ...bundle.staff[1], groups: ['g4h', 'g9z'] } as SchoolBundle['staff'][1];
    const check = validateBundle(bundle);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error.map((p) => p.path).sort()).toEqual([
      'pupils[8].upn',
      'staff[1].groups[1]',
      'staff[5].username',
    ]);
  });

  it('a file that is not a bundle at all is reported against the file or its sections', () => {
    const notObject = validateBundle('hello');
    expect(notObject).toMatchObject({ ok: false, error: [{ path: '(file)' }] });
    const empty = validateBundle({});
    expect(empty.ok).toBe(false);
    if (empty.ok) return;
    expect(empty.error.map((p) => p.path)).toEqual(
      expect.arrayContaining(['school', 'calendar', 'groups', 'pupils', 'staff']),
    );
  });

  it('the fixture is valid', () => {
    expect(validateBundle(smallSchool()).ok).toBe(true);
  });
});

describe.each(storeTargets())('[import] importBundle on $kind', (target) => {
  let store: OpenedDatabase;

  beforeAll(async () => {
    store = await openDatabase(target.options('import'));
    const summary = await importBundle(store.db, valid(smallSchool()), '2026-11-01T12:00:00Z');
    expect(summary).toEqual({
      schoolId: 'school-100001',
      created: true,
      groups: 2,
      pupils: 8,
      staff: 5,
    });
  }, 60_000);

  afterAll(async () => {
    await store.close();
  });

  it('a bundle with problems is refused before anything is written', async () => {
    const before = await counts(store);
    const check = validateBundle(brokenBundle());
    expect(check.ok).toBe(false);
    expect(await counts(store)).toEqual(before);
  });

  it('an import that fails part way through leaves nothing half-imported', async () => {
    const before = await counts(store);
    const changed = smallSchool({ name: 'Half Imported Primary' });
    changed.groups.push({ id: 'g5x', name: '5X', yearGroup: 5, sessionTimes: null });
    const good = valid(changed);
    const first = good.bundle.pupils[0];
    if (first === undefined) throw new Error('fixture changed');
    // Bypasses validation: two rows for one pupil make the database refuse the pupils' insert,
    // after the school and its groups were written in the same transaction.
    const poisoned: ValidBundle = {
      ...good,
      bundle: { ...good.bundle, pupils: [...good.bundle.pupils, { ...first, givenName: 'Twin' }] },
    };
    await expect(importBundle(store.db, poisoned, '2026-11-02T12:00:00Z')).rejects.toThrow();
    expect(await counts(store)).toEqual(before);
    const school = await store.db.selectFrom('schools').select('name').executeTakeFirstOrThrow();
    expect(school.name).toBe('Test Primary');
    const groups = await store.db.selectFrom('groups').select('id').orderBy('id').execute();
    expect(groups.map((g) => g.id)).toEqual(['g3b', 'g4h']);
  });

  it('a re-import updates in place: renamed pupil and group, no duplicate rows, passwords kept', async () => {
    const hashBefore = await store.db
      .selectFrom('staff')
      .select(['id', 'password_hash'])
      .orderBy('id')
      .execute();
    const versionBefore = await store.db
      .selectFrom('schools')
      .select('ref_version')
      .executeTakeFirstOrThrow();
    const bundle = smallSchool();
    const [p1] = bundle.pupils;
    const [g3b] = bundle.groups;
    if (p1 === undefined || g3b === undefined) throw new Error('fixture changed');
    p1.givenName = 'Renamed';
    p1.familyName = 'Pupil';
    g3b.name = '3B (Birch)';
    // staff sent without passwords: the stored hashes stay
    bundle.staff = bundle.staff.map(({ password: _password, ...rest }) => rest);
    const summary = await importBundle(store.db, valid(bundle), '2026-11-03T12:00:00Z');
    expect(summary).toMatchObject({ schoolId: 'school-100001', created: false, pupils: 8 });
    expect(await counts(store)).toEqual({ schools: 1, groups: 2, pupils: 8, staff: 5 });
    const pupil = await store.db
      .selectFrom('pupils')
      .select(['given_name', 'family_name'])
      .where('id', '=', 'p1')
      .executeTakeFirstOrThrow();
    expect(pupil).toEqual({ given_name: 'Renamed', family_name: 'Pupil' });
    const group = await store.db
      .selectFrom('groups')
      .select('name')
      .where('id', '=', 'g3b')
      .executeTakeFirstOrThrow();
    expect(group.name).toBe('3B (Birch)');
    const hashAfter = await store.db
      .selectFrom('staff')
      .select(['id', 'password_hash'])
      .orderBy('id')
      .execute();
    expect(hashAfter).toEqual(hashBefore);
    const teacher = hashAfter.find((s) => s.id === 't.hughes');
    expect(await verifyPassword(PASSWORD, teacher?.password_hash ?? '')).toBe(true);
    // readers reload: the reference version moved and the context shows the new names
    const versionAfter = await store.db
      .selectFrom('schools')
      .select('ref_version')
      .executeTakeFirstOrThrow();
    expect(versionAfter.ref_version).toBeGreaterThan(versionBefore.ref_version);
    const context = await new SchoolContexts(store.db).get('school-100001');
    expect(context?.pupils.get('p1')?.givenName).toBe('Renamed');
    expect(context?.groups.get('g3b')?.name).toBe('3B (Birch)');
  });

  it('a re-import with a password replaces the hash; a new account without one cannot sign in', async () => {
    const bundle = smallSchool();
    bundle.staff = bundle.staff.map((s) =>
      s.username === 'office' ? { ...s, password: 'a-brand-new-password' } : s,
    );
    bundle.staff.push({
      username: 'supply',
      name: 'Sam Supply',
      position: 'Supply teacher',
      role: 'teacher',
      groups: ['g3b'],
    });
    await importBundle(store.db, valid(bundle), '2026-11-04T12:00:00Z');
    const rows = await store.db
      .selectFrom('staff')
      .select(['id', 'password_hash'])
      .where('id', 'in', ['office', 'supply'])
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(2);
    const [office, supply] = rows;
    expect(await verifyPassword('a-brand-new-password', office?.password_hash ?? '')).toBe(true);
    expect(await verifyPassword(PASSWORD, office?.password_hash ?? '')).toBe(false);
    expect(supply?.password_hash).toBe(UNUSABLE_PASSWORD);
    expect((await counts(store)).staff).toBe(6);
  });

  it('two schools may reuse the same ids', async () => {
    await importBundle(
      store.db,
      valid(smallSchool({ urn: '100002', name: 'Second Primary' })),
      '2026-11-05T12:00:00Z',
    );
    const after = await counts(store);
    expect(after).toMatchObject({ schools: 2, groups: 4, pupils: 16 });
    const p1s = await store.db
      .selectFrom('pupils')
      .select(['school_id', 'given_name'])
      .where('id', '=', 'p1')
      .orderBy('school_id')
      .execute();
    expect(p1s).toEqual([
      { school_id: 'school-100001', given_name: 'Pupil1' },
      { school_id: 'school-100002', given_name: 'Pupil1' },
    ]);
  });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[], dataDir: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    ROLLCALL_NOW: '2026-11-01T12:00:00Z',
  };
  delete env['DATABASE_URL']; // PGlite in DATA_DIR, never the shared test database
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/rollcall.mjs', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('[import] the command line: rollcall import FILE', () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rollcall-cli-'));
    dataDir = join(dir, 'data');
    await writeFile(join(dir, 'good.json'), JSON.stringify(smallSchool()));
    const broken = brokenBundle() as { school: { name: string } };
    broken.school.name = 'Should Not Appear';
    await writeFile(join(dir, 'bad.json'), JSON.stringify(broken));
    await writeFile(join(dir, 'garbage.json'), '{ "school": ');
    const hostile = smallSchool({ name: 'Nul\u0000 Primary' });
    const contact = hostile.pupils[2]?.contacts[0];
    if (contact === undefined) throw new Error('fixture changed');
    contact.name = 'Mum \ud83d'; // half of an emoji
    await writeFile(join(dir, 'hostile.json'), JSON.stringify(hostile)); // as \u0000 and \ud83d
    // the same school with its name in bytes that are not UTF-8 (an encoded lone surrogate)
    const good = JSON.stringify(smallSchool({ name: 'Bad Bytes Primary' }));
    const [before, after] = good.split('Bad Bytes');
    await writeFile(
      join(dir, 'bytes.json'),
      Buffer.concat([
        Buffer.from(before ?? ''),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from(after ?? ''),
      ]),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function stored() {
    const store = await openDatabase({ dataDir });
    try {
      const school = await store.db.selectFrom('schools').select('name').execute();
      return { ...(await counts(store)), names: school.map((s) => s.name) };
    } finally {
      await store.close();
    }
  }

  it('with no arguments it prints the usage and exits with 2', async () => {
    const run = await runCli([], dataDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: rollcall import FILE.json');
    const noFile = await runCli(['import'], dataDir);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('Usage: rollcall import FILE.json');
  }, 60_000);

  it('a good file is imported: exit 0 and a summary line; again, it is updated', async () => {
    const run = await runCli(['import', join(dir, 'good.json')], dataDir);
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Imported Test Primary (URN 100001): 2 groups, 8 pupils, 5 staff.',
    );
    const again = await runCli(['import', join(dir, 'good.json')], dataDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      'Updated Test Primary (URN 100001): 2 groups, 8 pupils, 5 staff.',
    );
    expect(await stored()).toEqual({
      schools: 1,
      groups: 2,
      pupils: 8,
      staff: 5,
      names: ['Test Primary'],
    });
  }, 60_000);

  it('a bad file: exit 1, every bad path listed, nothing changed', async () => {
    const run = await runCli(['import', join(dir, 'bad.json')], dataDir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('was not imported; nothing was changed');
    for (const path of [
      'calendar.terms[1].end',
      'pupils[2].groupId',
      'pupils[3].id',
      'pupils[4].upn',
      'school.sessionTimes',
      'groups[1].sessionTimes.AM',
    ])
      expect(run.stderr).toMatch(new RegExp(`^ {2}${path.replace(/[[\].]/g, '\\$&')}: `, 'm'));
    expect(await stored()).toEqual({
      schools: 1,
      groups: 2,
      pupils: 8,
      staff: 5,
      names: ['Test Primary'],
    });
  }, 60_000);

  it('text that cannot be stored (NUL, a lone surrogate, bytes that are not UTF-8): exit 1 naming it, nothing changed', async () => {
    const before = await stored();
    const run = await runCli(['import', join(dir, 'hostile.json')], dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('was not imported; nothing was changed');
    expect(run.stderr).toContain('  school.name: must not contain a NUL character (U+0000)');
    expect(run.stderr).toContain(
      '  pupils[2].contacts[0].name: must not contain a lone UTF-16 surrogate (U+D83D)',
    );
    const bytes = await runCli(['import', join(dir, 'bytes.json')], dataDir);
    expect(bytes.code).toBe(1);
    expect(bytes.stderr).toContain('Cannot read');
    expect(await stored()).toEqual(before);
  }, 60_000);

  it('a file that is not JSON, or not there: exit 1 with the reason', async () => {
    const garbage = await runCli(['import', join(dir, 'garbage.json')], dataDir);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain('Cannot read');
    const missing = await runCli(['import', join(dir, 'missing.json')], dataDir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
  }, 60_000);
});

describe('[demo] loadDemo into an empty database', () => {
  const NOW = Date.parse('2026-12-02T16:00:00Z'); // a Wednesday after the INSET day
  let store: OpenedDatabase;
  let school: SchoolContext;
  let result: Awaited<ReturnType<typeof loadDemo>>;

  beforeAll(async () => {
    store = await openDatabase({ dataDir: 'memory://' });
    result = await loadDemo(store.db, NOW);
    const context = await new SchoolContexts(store.db).get(result.schoolId);
    if (context === undefined) throw new Error('demo school not loaded');
    school = context;
  }, 180_000);

  afterAll(async () => {
    await store.close();
  });

  it('has 15 groups, about 400 pupils and staff of every role', async () => {
    expect(school.groups.size).toBe(15);
    expect(school.pupils.size).toBeGreaterThanOrEqual(380);
    expect(school.pupils.size).toBeLessThanOrEqual(420);
    const roles = new Set([...school.staff.values()].map((s) => s.role));
    expect([...roles].sort()).toEqual(['admin', 'office', 'reception', 'teacher']);
    expect(new Set(result.logins.map((l) => l.role))).toEqual(roles);
    for (const group of school.groups.values()) {
      const teachers = [...school.staff.values()].filter((s) => s.groups.includes(group.id));
      expect(teachers.length, group.id).toBeGreaterThan(0);
    }
    const head = await store.db
      .selectFrom('staff')
      .select('password_hash')
      .where('id', '=', 'office')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(result.password, head.password_hash)).toBe(true);
  });

  it('has the INSET closure, and no marks on it', async () => {
    expect(school.calendar.closures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ date: '2026-11-27', code: '#', sessions: ['AM', 'PM'] }),
      ]),
    );
    const onInset = await store.db
      .selectFrom('amendments')
      .select('op_id')
      .where('date', '=', '2026-11-27')
      .execute();
    expect(onInset).toHaveLength(0);
  });

  it('has a history: persistent absentees, lates and office phone-ins', async () => {
    const served = await attendanceReport(store.db, school, '2026-09-01', '2026-12-02', 'pupil');
    if (!served.ok) throw new Error(`report failed: ${served.error.code}`);
    const report = served.value;
    expect(report.length).toBe(school.pupils.size);
    const persistent = report.filter((r) => r.persistent);
    expect(persistent.length).toBeGreaterThanOrEqual(3);
    expect(persistent.length).toBeLessThan(report.length / 4);
    expect(report.filter((r) => r.severe).length).toBeGreaterThanOrEqual(1);
    const codes = await store.db
      .selectFrom('cells')
      .select(['code', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
      .groupBy('code')
      .execute();
    const count = (code: string) => Number(codes.find((c) => c.code === code)?.n ?? 0);
    expect(count('L')).toBeGreaterThan(0);
    expect(count('/')).toBeGreaterThan(count('L'));
    const phoneIns = await store.db
      .selectFrom('amendments')
      .select('op_id')
      .where('source', '=', 'office')
      .where('code', '=', 'I')
      .where('based_on', 'is', null)
      .execute();
    expect(phoneIns.length).toBeGreaterThan(10);
    const late = await store.db
      .selectFrom('amendments')
      .select(['code', 'minutes_late', 'arrived_at'])
      .where('code', 'in', ['L', 'U'])
      .execute();
    for (const mark of late) {
      expect(mark.arrived_at).toMatch(/^\d\d:\d\d$/);
      expect(mark.minutes_late).toBeGreaterThan(0);
    }
  });

  it('has N inside its deadline and some past it', async () => {
    const rows = await readUnexplained(store.db, school, '2026-12-02');
    expect(rows.filter((r) => !r.overdue).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.overdue).length).toBeGreaterThan(0);
    for (const row of rows.filter((r) => r.overdue)) expect(row.deadline < '2026-12-02').toBe(true);
  });

  it('has exactly one conflict', async () => {
    const conflicts = await readConflicts(store.db, school);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.entries.map((e) => e.outcome).sort()).toEqual(['conflict', 'current']);
  });

  it('every register up to now has a mark for every pupil on roll', async () => {
    const blanks = await store.db
      .selectFrom('cells')
      .select('pupil_id')
      .where('code', 'is', null)
      .execute();
    expect(blanks).toHaveLength(0);
    const today = await store.db
      .selectFrom('cells')
      .select('pupil_id')
      .where('date', '=', '2026-12-02')
      .where('session', '=', 'PM')
      .execute();
    expect(today).toHaveLength(school.pupils.size);
  });
});
