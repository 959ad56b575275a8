/**
 * Who may write and read what (docs/sync-protocol.md §5.3 and
 * §8 read rights). A matrix of role × write kind × target, then each precise rule on its own, then
 * the read rights — including a second school on the same server that reuses every id of the first.
 *
 * The school day is Monday 2026-11-23 (GMT, so `Z` times are school times). AM opens 08:50,
 * closes 09:20 (09:20 still open), ends 12:00; PM 13:00–13:30, ends 15:15.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchoolBundle } from '../../src/schema/bundle.ts';
import type { MarkOp, MovementOp } from '../../src/schema/op.ts';
import type { HistoryResponse, RegisterResponse } from '../../src/schema/reads.ts';
import type { PushResult } from '../../src/schema/sync.ts';
import { PASSWORD, smallSchool } from '../fixtures/smallSchool.ts';
import { push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const TODAY = '2026-11-23';
const LAST_FRIDAY = '2026-11-20';
const INSET_DAY = '2026-11-27';
const SCHOOL_A = 'school-100001';
const SCHOOL_B = 'school-100002';

/** An instant on a November day: GMT, so the school's clock reads the same. */
const at = (hhmm: string, date = TODAY): string => `${date}T${hhmm}:00Z`;

type Role = 'teacher' | 'reception' | 'office' | 'admin';
type Kind = 'present' | 'absent' | 'late' | 'office code' | 'clear' | 'move in' | 'move out';
type Target = 'own group' | 'other group' | 'other school';
/** `applied`, or the rejection code. */
type Expected = string;

const USERNAME: Record<Role, string> = {
  teacher: 't.hughes',
  reception: 'reception',
  office: 'office',
  admin: 'admin',
};

/** School B: the same ids as A, plus a group and a pupil (p9 in g5z) that only B has. */
function otherSchool(): SchoolBundle {
  const bundle = smallSchool({ urn: '100002', name: 'Other Primary' });
  const [first] = bundle.pupils;
  if (first === undefined) throw new Error('fixture has no pupils');
  return {
    ...bundle,
    groups: [...bundle.groups, { id: 'g5z', name: '5Z', yearGroup: 5, sessionTimes: null }],
    pupils: [...bundle.pupils, { ...first, id: 'p9', upn: 'A00000000009J', groupId: 'g5z' }],
  };
}

/**
 * The rights table, at 09:10 with the AM register open; every op recorded at 09:05. Columns:
 * own group (g3b, the teacher's: p1–p4), other group (g4h: p5–p8), other school (p9, only in B).
 * Late = arrived 09:00 → `L`. Office and admin always give a reason, so the cell's earlier marks
 * don't matter here (the reason rules have their own tests below).
 */
const A = 'applied';
const MATRIX: Record<Role, Record<Kind, readonly [Expected, Expected, Expected]>> = {
  teacher: {
    present: [A, 'not-your-group', 'unknown-pupil'],
    absent: [A, 'not-your-group', 'unknown-pupil'],
    late: [A, 'not-your-group', 'unknown-pupil'],
    'office code': ['code-not-allowed', 'not-your-group', 'unknown-pupil'],
    clear: [A, 'not-your-group', 'unknown-pupil'],
    'move in': ['not-allowed', 'not-allowed', 'not-allowed'],
    'move out': ['not-allowed', 'not-allowed', 'not-allowed'],
  },
  reception: {
    present: ['arrival-required', 'arrival-required', 'unknown-pupil'],
    absent: ['arrival-required', 'arrival-required', 'unknown-pupil'],
    late: [A, A, 'unknown-pupil'],
    'office code': ['arrival-required', 'arrival-required', 'unknown-pupil'],
    clear: ['arrival-required', 'arrival-required', 'unknown-pupil'],
    'move in': [A, A, 'unknown-pupil'],
    'move out': [A, A, 'unknown-pupil'],
  },
  office: {
    present: [A, A, 'unknown-pupil'],
    absent: [A, A, 'unknown-pupil'],
    late: [A, A, 'unknown-pupil'],
    'office code': [A, A, 'unknown-pupil'],
    clear: ['code-not-allowed', 'code-not-allowed', 'unknown-pupil'],
    'move in': [A, A, 'unknown-pupil'],
    'move out': [A, A, 'unknown-pupil'],
  },
  admin: {
    present: [A, A, 'unknown-pupil'],
    absent: [A, A, 'unknown-pupil'],
    late: [A, A, 'unknown-pupil'],
    'office code': [A, A, 'unknown-pupil'],
    clear: ['code-not-allowed', 'code-not-allowed', 'unknown-pupil'],
    'move in': [A, A, 'unknown-pupil'],
    'move out': [A, A, 'unknown-pupil'],
  },
};

const TARGETS: readonly Target[] = ['own group', 'other group', 'other school'];

/** Each role writes to its own pupils, so one role's marks never meet another's. */
const PUPIL: Record<Role, Record<Target, string>> = {
  teacher: { 'own group': 'p1', 'other group': 'p5', 'other school': 'p9' },
  reception: { 'own group': 'p2', 'other group': 'p6', 'other school': 'p9' },
  office: { 'own group': 'p3', 'other group': 'p7', 'other school': 'p9' },
  admin: { 'own group': 'p4', 'other group': 'p8', 'other school': 'p9' },
};

const MATRIX_ROWS = (Object.keys(MATRIX) as Role[]).flatMap((role) =>
  (Object.keys(MATRIX[role]) as Kind[]).flatMap((kind) =>
    TARGETS.map((target, i) => ({ role, kind, target, expected: MATRIX[role][kind][i] ?? '' })),
  ),
);

describe.each(storeTargets())('[rights] on $kind', (target) => {
  let server: TestServer;
  const tokens = new Map<string, string>();
  const token = (username: string): string => {
    const value = tokens.get(username);
    if (value === undefined) throw new Error(`no token for ${username}`);
    return value;
  };

  async function loginToB(username: string): Promise<string> {
    const response = await server.api<{ token?: string }>(null, 'POST', '/api/auth/login', {
      school: '100002',
      username,
      password: PASSWORD,
    });
    if (response.body.token === undefined) throw new Error(`login to B failed: ${username}`);
    return response.body.token;
  }

  beforeAll(async () => {
    server = await startTestServer(target, {
      suite: 'rights',
      now: '2026-11-23T08:55:00Z',
      bundles: [smallSchool(), otherSchool()],
    });
    for (const username of ['t.hughes', 't.other', 'reception', 'office', 'admin'])
      tokens.set(username, await server.login(username));
    tokens.set('b:office', await loginToB('office'));
    tokens.set('b:reception', await loginToB('reception'));
  });

  afterAll(async () => {
    await server.close();
  });

  /** Each member of staff pushes from a tablet of their own, so sequence numbers never mix. */
  const deviceOf = (username: string): string => `${username.replace(/[^a-z]/g, '')}-tab`;

  function mark(
    username: string,
    fields: Partial<MarkOp> & Pick<MarkOp, 'pupilId' | 'code' | 'recordedAt'>,
  ): MarkOp {
    const role = username.startsWith('t.')
      ? 'register'
      : username.endsWith('reception')
        ? 'reception'
        : 'office';
    return server.mark({
      date: TODAY,
      session: 'AM',
      source: role,
      deviceId: deviceOf(username),
      ...fields,
    });
  }

  function movement(
    username: string,
    fields: Partial<MovementOp> & Pick<MovementOp, 'pupilId' | 'direction' | 'at' | 'recordedAt'>,
  ): MovementOp {
    return server.movement({ date: TODAY, deviceId: deviceOf(username), ...fields });
  }

  async function send(username: string, op: MarkOp | MovementOp): Promise<PushResult> {
    const response = await push(server, token(username), deviceOf(username), [op]);
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(1);
    const [result] = response.body.results;
    if (result === undefined) throw new Error('no result');
    expect(result.opId).toBe(op.opId);
    return result;
  }

  async function stored(opId: string) {
    const db = server.store.db;
    const [amendments, movements, audit] = await Promise.all([
      db.selectFrom('amendments').selectAll().where('op_id', '=', opId).execute(),
      db.selectFrom('movements').selectAll().where('op_id', '=', opId).execute(),
      db.selectFrom('audit').selectAll().where('op_id', '=', opId).execute(),
    ]);
    return { amendments, movements, audit };
  }

  const history = async (pupilId: string, date: string, session: 'AM' | 'PM', as = 'office') =>
    server.api<HistoryResponse>(
      token(as),
      'GET',
      `/api/marks/${pupilId}/${date}/${session}/history`,
    );

  /** The opId of the cell's current mark (what an author who saw it would base on). */
  async function headOf(pupilId: string, date: string, session: 'AM' | 'PM') {
    const entries = (await history(pupilId, date, session)).body.entries;
    return entries.find((e) => e.outcome === 'current')?.opId ?? null;
  }

  const register = (groupId: string, date: string, session: 'AM' | 'PM', as = 'office') =>
    server.api<RegisterResponse>(token(as), 'GET', `/api/registers/${groupId}/${date}/${session}`);

  /** A rejection is a 200 result with a code and a sentence, and leaves no mark or movement. */
  async function expectRejected(username: string, op: MarkOp | MovementOp, code: string) {
    const cellBefore =
      op.kind === 'mark' && op.pupilId !== 'p9'
        ? (await history(op.pupilId, op.date, op.session)).body
        : null;
    const result = await send(username, op);
    expect(result).toEqual({
      opId: op.opId,
      status: 'rejected',
      code,
      reason: expect.any(String) as unknown,
    });
    expect(result.reason).toMatch(/^\S+( \S+){3,}/); // a sentence for a person, not a code
    expect(result.reason).not.toContain(code);
    const rows = await stored(op.opId);
    expect(rows.amendments).toEqual([]);
    expect(rows.movements).toEqual([]);
    expect(rows.audit.map((a) => a.status)).toEqual(['rejected']);
    if (cellBefore !== null && op.kind === 'mark')
      expect((await history(op.pupilId, op.date, op.session)).body).toEqual(cellBefore);
    return result;
  }

  async function expectApplied(username: string, op: MarkOp | MovementOp) {
    const result = await send(username, op);
    expect(result).toEqual({ opId: op.opId, status: 'applied' });
    const rows = await stored(op.opId);
    const written = op.kind === 'mark' ? rows.amendments : rows.movements;
    expect(written.map((r) => r.school_id)).toEqual([SCHOOL_A]);
    return rows;
  }

  describe('[rights-matrix] role × write kind × target, register open (09:10)', () => {
    beforeAll(async () => {
      await server.setClock(at('09:10'));
    });

    it.each(MATRIX_ROWS)('$role: $kind, $target → $expected', async (row) => {
      const username = USERNAME[row.role];
      const pupilId = PUPIL[row.role][row.target];
      const recordedAt = at('09:05');
      const isOffice = row.role === 'office' || row.role === 'admin';
      const reason = isOffice ? { reason: 'Matrix check: confirmed with the family' } : {};
      const op =
        row.kind === 'move in' || row.kind === 'move out'
          ? movement(username, {
              pupilId,
              direction: row.kind === 'move in' ? 'in' : 'out',
              at: '09:00',
              recordedAt,
            })
          : mark(username, {
              pupilId,
              recordedAt,
              ...reason,
              ...(row.kind === 'present'
                ? { code: '/' }
                : row.kind === 'absent'
                  ? { code: 'N' }
                  : row.kind === 'late'
                    ? { code: 'L', arrivedAt: '09:00' }
                    : row.kind === 'office code'
                      ? { code: 'I' }
                      : { code: null }),
            });
      if (row.expected === 'applied') await expectApplied(username, op);
      else await expectRejected(username, op, row.expected);
    });

    it('[other-school] nothing school A wrote landed in school B, though B has the same ids', async () => {
      const db = server.store.db;
      const [amendments, movements, audit, seqs] = await Promise.all([
        db
          .selectFrom('amendments')
          .select('op_id')
          .where('school_id', '=', SCHOOL_B)
          .where('source', '!=', 'system')
          .execute(),
        db.selectFrom('movements').select('op_id').where('school_id', '=', SCHOOL_B).execute(),
        db.selectFrom('audit').select('op_id').where('school_id', '=', SCHOOL_B).execute(),
        db
          .selectFrom('device_seqs')
          .select('device_id')
          .where('school_id', '=', SCHOOL_B)
          .execute(),
      ]);
      expect({ amendments, movements, audit, seqs }).toEqual({
        amendments: [],
        movements: [],
        audit: [],
        seqs: [],
      });
      const registerB = await server.api<RegisterResponse>(
        token('b:office'),
        'GET',
        `/api/registers/g3b/${TODAY}/AM`,
      );
      expect(registerB.body.rows.map((r) => r.code)).toEqual([null, null, null, null]);
      const registerA = await register('g3b', TODAY, 'AM');
      expect(registerA.body.rows.every((r) => r.code !== null)).toBe(true);
    });
  });

  describe('[rights-rules] the precise rules, one at a time (09:10, AM open)', () => {
    it('[before-open] a teacher marking before the register opens → register-not-open', async () => {
      await expectRejected(
        't.hughes',
        mark('t.hughes', { pupilId: 'p2', code: '/', recordedAt: at('08:45') }),
        'register-not-open',
      );
      await expectRejected(
        't.hughes',
        mark('t.hughes', { pupilId: 'p2', session: 'PM', code: '/', recordedAt: at('09:05') }),
        'register-not-open',
      );
    });

    it('[not-today] a teacher marking another day → not-today (past or future)', async () => {
      for (const date of [LAST_FRIDAY, '2026-11-24']) {
        await expectRejected(
          't.hughes',
          mark('t.hughes', { pupilId: 'p2', date, code: '/', recordedAt: at('09:05') }),
          'not-today',
        );
      }
    });

    it('[not-your-group] a teacher marking a pupil of another group → not-your-group', async () => {
      await expectRejected(
        't.hughes',
        mark('t.hughes', { pupilId: 'p5', code: 'N', recordedAt: at('09:05') }),
        'not-your-group',
      );
      await expectRejected(
        't.other',
        mark('t.other', { pupilId: 'p1', code: '/', recordedAt: at('09:05') }),
        'not-your-group',
      );
    });

    it('[teacher-movement] a teacher signing a pupil in or out → not-allowed', async () => {
      await expectRejected(
        't.hughes',
        movement('t.hughes', {
          pupilId: 'p1',
          direction: 'out',
          at: '09:00',
          recordedAt: at('09:05'),
        }),
        'not-allowed',
      );
    });

    it('[reason] an office amendment of a marked cell without a reason → reason-required (N→O too)', async () => {
      const friday = await register('g3b', LAST_FRIDAY, 'AM');
      expect(friday.body.rows.find((r) => r.pupilId === 'p1')?.code).toBe('N'); // the close job's
      await expectRejected(
        'office',
        mark('office', {
          pupilId: 'p1',
          date: LAST_FRIDAY,
          code: 'O',
          basedOn: await headOf('p1', LAST_FRIDAY, 'AM'),
          recordedAt: at('09:06'),
        }),
        'reason-required',
      );
      await expectRejected(
        'office',
        mark('office', {
          pupilId: 'p1',
          code: 'I',
          basedOn: await headOf('p1', TODAY, 'AM'),
          recordedAt: at('09:06'),
        }),
        'reason-required',
      );
      expect((await register('g3b', LAST_FRIDAY, 'AM')).body).toEqual(friday.body);
    });

    it('[reason] an office amendment with a reason is applied, and the history keeps N → O', async () => {
      const reason = 'Parent did not reply within five school days';
      const op = mark('office', {
        pupilId: 'p1',
        date: LAST_FRIDAY,
        code: 'O',
        reason,
        basedOn: await headOf('p1', LAST_FRIDAY, 'AM'),
        recordedAt: at('09:06'),
      });
      await expectApplied('office', op);
      const friday = await register('g3b', LAST_FRIDAY, 'AM');
      expect(friday.body.rows.find((r) => r.pupilId === 'p1')?.code).toBe('O');
      const entries = (await history('p1', LAST_FRIDAY, 'AM')).body.entries;
      expect(entries.at(-1)).toMatchObject({ opId: op.opId, original: 'N', amended: 'O', reason });
    });

    it('[reason] the first mark of a blank cell needs no reason, even from the office', async () => {
      const pm = await register('g3b', TODAY, 'PM');
      expect(pm.body.rows.find((r) => r.pupilId === 'p2')?.code).toBeNull();
      await expectApplied(
        'office',
        mark('office', { pupilId: 'p2', session: 'PM', code: 'M', recordedAt: at('09:06') }),
      );
    });

    it('[arrival] reception: L from the arrival time is applied with its minutes late', async () => {
      const op = mark('reception', {
        pupilId: 'p6',
        code: 'L',
        arrivedAt: '09:07',
        basedOn: await headOf('p6', TODAY, 'AM'),
        recordedAt: at('09:08'),
      });
      const rows = await expectApplied('reception', op);
      expect(rows.amendments[0]).toMatchObject({
        code: 'L',
        arrived_at: '09:07',
        minutes_late: 17,
      });
      const g4h = await register('g4h', TODAY, 'AM', 'reception');
      expect(g4h.body.rows.find((r) => r.pupilId === 'p6')).toMatchObject({
        code: 'L',
        arrivedAt: '09:07',
        minutesLate: 17,
      });
    });

    it('[arrival] a code that does not match the arrival time → arrival-code-mismatch', async () => {
      for (const [code, arrivedAt] of [
        ['U', '09:07'], // before close: L
        ['L', '08:45'], // on time: present
      ] as const) {
        await expectRejected(
          'reception',
          mark('reception', { pupilId: 'p6', code, arrivedAt, recordedAt: at('09:08') }),
          'arrival-code-mismatch',
        );
      }
    });

    it('[clock] recordedAt more than 2 minutes after the server clock → recorded-in-future', async () => {
      const ahead = (ms: number) => new Date(server.clock.now() + ms).toISOString();
      await expectRejected(
        't.hughes',
        mark('t.hughes', { pupilId: 'p1', code: '/', recordedAt: ahead(2 * 60_000 + 30_000) }),
        'recorded-in-future',
      );
      await expectApplied(
        't.hughes',
        mark('t.hughes', { pupilId: 'p1', code: '/', recordedAt: ahead(60_000) }),
      );
    });

    it('[code-dates] a code retired on 2024-08-19 (H) → code-not-valid-on-date', async () => {
      await expectRejected(
        'office',
        mark('office', {
          pupilId: 'p2',
          date: LAST_FRIDAY,
          code: 'H',
          reason: 'Holiday agreed by the head',
          recordedAt: at('09:06'),
        }),
        'code-not-valid-on-date',
      );
    });

    it('[codes] an unknown code (A) → unknown-code', async () => {
      await expectRejected(
        'office',
        mark('office', {
          pupilId: 'p2',
          date: LAST_FRIDAY,
          code: 'A',
          reason: 'Trying a made-up code',
          recordedAt: at('09:06'),
        }),
        'unknown-code',
      );
    });

    it('[calendar] the INSET day 2026-11-27 → not-a-school-session, for office and teacher', async () => {
      await expectRejected(
        'office',
        mark('office', {
          pupilId: 'p2',
          date: INSET_DAY,
          code: 'I',
          reason: 'Phoned in',
          recordedAt: at('09:06'),
        }),
        'not-a-school-session',
      );
      await expectRejected(
        't.hughes',
        mark('t.hughes', { pupilId: 'p2', date: INSET_DAY, code: '/', recordedAt: at('09:06') }),
        'not-a-school-session',
      );
    });
  });

  describe('[rights-rules] after the AM register closed (09:25)', () => {
    beforeAll(async () => {
      await server.setClock(at('09:25'));
    });

    it('[closed] a teacher’s present, absent or clear after close → register-closed', async () => {
      for (const code of ['/', 'N', null]) {
        await expectRejected(
          't.hughes',
          mark('t.hughes', { pupilId: 'p1', code, recordedAt: at('09:24') }),
          'register-closed',
        );
      }
    });

    it('[closed] a mark recorded while open is still accepted when it syncs after close', async () => {
      const op = mark('t.hughes', { pupilId: 'p3', code: '/', recordedAt: at('09:19') });
      const rows = await expectApplied('t.hughes', op);
      expect(rows.amendments[0]?.late_sync).toBe(true);
    });

    it('[closed] late arrivals after close are U, from teacher and reception alike', async () => {
      const teacher = await expectApplied(
        't.hughes',
        mark('t.hughes', { pupilId: 'p1', code: 'U', arrivedAt: '09:23', recordedAt: at('09:24') }),
      );
      expect(teacher.amendments[0]).toMatchObject({ code: 'U', minutes_late: 33 });
      const reception = await expectApplied(
        'reception',
        mark('reception', {
          pupilId: 'p2',
          code: 'U',
          arrivedAt: '09:22',
          recordedAt: at('09:24'),
        }),
      );
      expect(reception.amendments[0]).toMatchObject({ code: 'U', minutes_late: 32 });
    });

    it('[arrival] arriving after the session ends (12:00) → arrival-after-session-end', async () => {
      await server.setClock(at('12:40'));
      await expectRejected(
        'reception',
        mark('reception', {
          pupilId: 'p3',
          code: 'U',
          arrivedAt: '12:30',
          recordedAt: at('12:35'),
        }),
        'arrival-after-session-end',
      );
    });
  });

  describe('[read-rights] who may read what', () => {
    const forbidden = { error: 'forbidden', message: expect.stringMatching(/\w+ \w+/) as unknown };
    const OFFICE_READS = [
      `/api/office/unexplained?asOf=${TODAY}`,
      '/api/office/conflicts',
      `/api/office/missing-registers?date=${TODAY}`,
      '/api/reports/attendance?from=2026-11-02&to=2026-11-20&by=group',
      `/api/reports/alerts?asOf=${TODAY}`,
      '/api/export/marks.csv?from=2026-11-02&to=2026-11-20',
    ];

    it.each(
      ['t.hughes', 'reception'].flatMap((username) =>
        OFFICE_READS.map((path) => ({ username, path })),
      ),
    )('$username: GET $path → 403 forbidden', async ({ username, path }) => {
      const response = await server.api(token(username), 'GET', path);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.body).toEqual(forbidden);
    });

    it.each(
      ['office', 'admin'].flatMap((username) => OFFICE_READS.map((path) => ({ username, path }))),
    )('$username: GET $path → 200', async ({ username, path }) => {
      const response = await server.api(token(username), 'GET', path);
      expect(response.status).toBe(200);
    });

    it('a teacher reads her own group’s register and histories, not another group’s (403)', async () => {
      expect((await register('g3b', TODAY, 'AM', 't.hughes')).status).toBe(200);
      expect((await history('p1', TODAY, 'AM', 't.hughes')).status).toBe(200);
      for (const response of [
        await register('g4h', TODAY, 'AM', 't.hughes'),
        await history('p5', TODAY, 'AM', 't.hughes'),
      ]) {
        expect(response.status).toBe(403);
        expect(response.body).toEqual(forbidden);
      }
    });

    it('reception reads every register and history in the school', async () => {
      for (const groupId of ['g3b', 'g4h'])
        for (const session of ['AM', 'PM'] as const)
          expect((await register(groupId, TODAY, session, 'reception')).status).toBe(200);
      expect((await history('p5', TODAY, 'AM', 'reception')).status).toBe(200);
    });

    it('an unknown group or pupil is 404, not an empty register', async () => {
      const group = await register('g9x', TODAY, 'AM');
      expect(group.status).toBe(404);
      expect(group.body).toMatchObject({ error: 'not-found' });
      const pupil = await history('p99', TODAY, 'AM');
      expect(pupil.status).toBe(404);
    });
  });

  describe('[other-school] a login of school A never sees school B', () => {
    let bOpId = '';

    beforeAll(async () => {
      // School B's office explains its own p1's absence last Friday; A's p1 keeps its own marks.
      const op = server.mark({
        pupilId: 'p1',
        date: LAST_FRIDAY,
        session: 'AM',
        code: 'I',
        source: 'office',
        reason: 'School B: phoned in ill',
        recordedAt: at('12:00'),
        deviceId: 'b-office-tab',
      });
      bOpId = op.opId;
      const response = await push(server, token('b:office'), 'b-office-tab', [op]);
      expect(response.body.results).toEqual([{ opId: op.opId, status: 'applied' }]);
      const move = server.movement({
        pupilId: 'p9',
        date: TODAY,
        direction: 'out',
        at: '12:10',
        recordedAt: at('12:15'),
        deviceId: 'b-reception-tab',
      });
      const moved = await push(server, token('b:reception'), 'b-reception-tab', [move]);
      expect(moved.body.results).toEqual([{ opId: move.opId, status: 'applied' }]);
    });

    it('B’s own group and pupil are 404 to A; shared ids show A’s marks', async () => {
      expect((await register('g5z', TODAY, 'AM')).status).toBe(404);
      expect((await history('p9', TODAY, 'AM')).status).toBe(404);
      const friday = await register('g3b', LAST_FRIDAY, 'AM');
      expect(friday.body.rows.find((r) => r.pupilId === 'p1')?.code).toBe('O'); // A's office
      const entries = (await history('p1', LAST_FRIDAY, 'AM')).body.entries;
      expect(entries.map((e) => e.opId)).not.toContain(bOpId);
      expect(entries.map((e) => e.reason)).not.toContain('School B: phoned in ill');
      const fridayB = await server.api<RegisterResponse>(
        token('b:office'),
        'GET',
        `/api/registers/g3b/${LAST_FRIDAY}/AM`,
      );
      expect(fridayB.body.rows.find((r) => r.pupilId === 'p1')?.code).toBe('I');
    });

    it('A’s pull carries no school, pupil, mark or movement of B', async () => {
      const pulled = await server.api<{
        changes: { type: string; data: Record<string, unknown> }[];
        hasMore: boolean;
      }>(token('office'), 'GET', '/api/sync/pull?cursor=0&limit=5000');
      expect(pulled.status).toBe(200);
      expect(pulled.body.hasMore).toBe(false);
      const { changes } = pulled.body;
      expect(changes.filter((c) => c.type === 'school').map((c) => c.data['urn'])).toEqual([
        '100001',
      ]);
      expect(changes.some((c) => c.data['opId'] === bOpId)).toBe(false);
      expect(changes.some((c) => c.data['pupilId'] === 'p9' || c.data['id'] === 'p9')).toBe(false);
      expect(changes.some((c) => c.data['id'] === 'g5z')).toBe(false);
      expect(changes.filter((c) => c.type === 'movement')).not.toHaveLength(0); // A's own
    });

    it('A’s reports, lists and export cover A’s pupils only', async () => {
      const report = await server.api<{ rows: { key: string }[] }>(
        token('office'),
        'GET',
        '/api/reports/attendance?from=2026-11-02&to=2026-11-20&by=pupil',
      );
      expect(report.body.rows.map((r) => r.key).sort()).toEqual([
        'p1',
        'p2',
        'p3',
        'p4',
        'p5',
        'p6',
        'p7',
        'p8',
      ]);
      const alerts = await server.api(token('office'), 'GET', `/api/reports/alerts?asOf=${TODAY}`);
      expect(JSON.stringify(alerts.body)).not.toContain('"p9"');
      const unexplained = await server.api<{ rows: { pupilId: string; date: string }[] }>(
        token('office'),
        'GET',
        `/api/office/unexplained?asOf=${TODAY}`,
      );
      expect(unexplained.body.rows.some((r) => r.pupilId === 'p9')).toBe(false);
      const csv = await server.api<string>(
        token('office'),
        'GET',
        `/api/export/marks.csv?from=${LAST_FRIDAY}&to=${LAST_FRIDAY}`,
      );
      const lines = csv.body.trim().split('\n');
      expect(lines.some((l) => l.split(',')[1] === 'p9')).toBe(false);
      const p1Am = lines.find((l) => l.includes(',p1,') && l.includes(`,${LAST_FRIDAY},AM,`));
      expect(p1Am?.split(',')[7]).toBe('O');
    });
  });
});
