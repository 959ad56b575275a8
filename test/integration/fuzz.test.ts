/**
 * Hostile and malformed requests against every route (design.md §4: errors are
 * `{ error: "kebab-code", message }`, framework errors included; bad input never gives a 5xx).
 *
 * Over a thousand requests per store — fast-check generates most of them, a fixed list covers the
 * rest (bodies that are not JSON, wrong content types, 3 MB bodies, deep nesting, prototype keys,
 * over-long addresses). Every one must be a 4xx with a JSON error body, and afterwards the data
 * must be exactly as before. A *well-formed* op that breaks a rule is a different thing: it is a
 * 200 with `rejected` (checked at the end, with SQL and HTML stored verbatim).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_TEXT } from '../../src/schema/errors.ts';
import { push, startTestServer, storeTargets, type TestServer } from './harness.ts';

const TODAY = '2026-11-23';
const LAST_FRIDAY = '2026-11-20';
const at = (hhmm: string, date = TODAY): string => `${date}T${hhmm}:00Z`;
const DEVICE = 'fuzz-tab';

const SQL = "'; drop table amendments; --";
const HTML = '<script>alert(1)</script>';
const HUGE = 'x'.repeat(100_000);
/** Valid free text that would hurt if anything ever interpreted it. */
const HOSTILE_TEXT = [
  SQL,
  HTML,
  "Robert'); DROP TABLE pupils;--",
  '" OR "1"="1',
  '<img src=x onerror=alert(1)>',
  '${7*7} {{7*7}}',
  '\u202eevil',
  '__proto__',
  'null',
];
const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'author',
  'authorId',
  'outcome',
  'seq',
  'receivedAt',
  'schoolId',
  'toString',
  SQL,
  HTML,
];
const KEBAB = /^[a-z]+(-[a-z]+)*$/;
const KNOWN_ERRORS = Object.keys(API_ERROR_TEXT);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = Record<string, Json>;

/** Values that no field of that kind accepts. */
const BAD = {
  id: [
    '',
    ' ',
    SQL,
    HTML,
    'a'.repeat(101),
    'p 1',
    'p1\n',
    'pü',
    '../etc/passwd',
    'p1;',
    1,
    true,
    [],
    {},
  ],
  date: [
    '2026-02-30',
    '23/11/2026',
    '2026-11-23T00:00:00Z',
    '2026-13-01',
    '2026-11-31',
    '',
    ' 2026-11-23',
    '20261123',
    '2026-1-5',
    '0000-00-00',
    'NaN',
    'null',
    SQL,
    HTML,
    HUGE,
    20261123,
    null,
    true,
    [],
  ],
  time: [
    '25:00',
    '24:00',
    '9:05',
    '09:60',
    '0905',
    '09:05:00',
    '09.05',
    '',
    '-1:00',
    'noon',
    SQL,
    HTML,
    905,
    null,
  ],
  session: ['am', 'pm', 'Am', 'XX', '', 'AM ', 'AMPM', 'AM\u0000', SQL, HTML, 1, null],
  code: ['', 'ABC', '///', SQL, HTML, HUGE, 1, true, [], {}],
  seq: [0, -1, -0.5, 1.5, 2 ** 53, 1e300, -1e300, '1', '', 'NaN', null, true, [], {}],
  instant: [
    '2026-11-23',
    '2026-11-23 09:05:00Z',
    '2026-11-23T09:05:00',
    '2026-11-23T25:00:00Z',
    '2026-02-30T09:05:00Z',
    'now',
    '',
    1795424700000,
    null,
    SQL,
    HTML,
  ],
  source: ['system', 'admin', 'REGISTER', '', null, 1, SQL],
  reason: ['', '   ', HUGE, 'r'.repeat(501), 1, null, [], {}],
  note: ['n'.repeat(1001), 1, null, true, {}],
  name: ['', '  ', 'a'.repeat(201), 1, null],
  direction: ['IN', 'sideways', '', null, 1, SQL],
  kind: ['Mark', 'amendment', '', null, 1, SQL],
} satisfies Record<string, Json[]>;
type Pool = keyof typeof BAD;

const MARK_FIELDS: Record<string, Pool> = {
  kind: 'kind',
  opId: 'id',
  deviceId: 'id',
  deviceSeq: 'seq',
  pupilId: 'id',
  date: 'date',
  session: 'session',
  code: 'code',
  basedOn: 'id',
  recordedAt: 'instant',
  source: 'source',
  arrivedAt: 'time',
  reason: 'reason',
  note: 'note',
};
const MOVEMENT_FIELDS: Record<string, Pool> = {
  kind: 'kind',
  opId: 'id',
  deviceId: 'id',
  deviceSeq: 'seq',
  pupilId: 'id',
  date: 'date',
  recordedAt: 'instant',
  direction: 'direction',
  at: 'time',
  reason: 'reason',
  accompaniedBy: 'name',
};
const OPTIONAL = new Set(['arrivedAt', 'reason', 'note', 'accompaniedBy']);

/** A change to a valid object: a field set to a bad value, a required field dropped, a key added. */
type Change = { set: string; value: Json } | { drop: string } | { extra: string; value: Json };

function applyChanges(base: JsonObject, changes: readonly Change[]): JsonObject {
  let out: JsonObject = { ...base };
  for (const change of changes) {
    if ('drop' in change) {
      out = Object.fromEntries(Object.entries(out).filter(([key]) => key !== change.drop));
    } else {
      // defineProperty, so that `__proto__` becomes a key of the JSON rather than a prototype
      const key = 'set' in change ? change.set : change.extra;
      Object.defineProperty(out, key, {
        value: change.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}

function validMark(n: number): JsonObject {
  return {
    kind: 'mark',
    opId: `fuzz-mark-${String(n)}`,
    deviceId: DEVICE,
    deviceSeq: n,
    pupilId: 'p1',
    date: TODAY,
    session: 'AM',
    code: '/',
    basedOn: null,
    recordedAt: at('09:05'),
    source: 'office',
    reason: 'Fuzz base op',
  };
}

function validMovement(n: number): JsonObject {
  return {
    kind: 'movement',
    opId: `fuzz-move-${String(n)}`,
    deviceId: DEVICE,
    deviceSeq: n,
    pupilId: 'p2',
    date: TODAY,
    direction: 'out',
    at: '09:00',
    recordedAt: at('09:05'),
  };
}

function breakArb(fields: Record<string, Pool>): fc.Arbitrary<Change> {
  const entries = Object.entries(fields);
  const required = entries.map(([field]) => field).filter((field) => !OPTIONAL.has(field));
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...entries)
        .chain(([field, pool]) =>
          fc.constantFrom<Json>(...BAD[pool]).map((value): Change => ({ set: field, value })),
        ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...required).map((field): Change => ({ drop: field })),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        extra: fc.constantFrom(...EXTRA_KEYS),
        value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
      }),
    },
  );
}

/** A malformed op: hostile (valid) free text first, then at least one change that breaks it. */
const badOpArb: fc.Arbitrary<JsonObject> = fc
  .constantFrom('mark' as const, 'movement' as const)
  .chain((kind) => {
    const fields = kind === 'mark' ? MARK_FIELDS : MOVEMENT_FIELDS;
    const text = kind === 'mark' ? ['reason', 'note'] : ['reason', 'accompaniedBy'];
    return fc
      .record({
        n: fc.integer({ min: 1, max: 5 }),
        decorations: fc.array(
          fc.record({
            set: fc.constantFrom(...text),
            value: fc.constantFrom<Json>(...HOSTILE_TEXT),
          }),
          { maxLength: 2 },
        ),
        breaks: fc.array(breakArb(fields), { minLength: 1, maxLength: 3 }),
      })
      .map(({ n, decorations, breaks }) =>
        applyChanges(kind === 'mark' ? validMark(n) : validMovement(n), [
          ...decorations,
          ...breaks,
        ]),
      );
  });

const ENVELOPE_BREAKS: Change[] = [
  ...['1', 1.5, 2, 0, -1, null, 1e300, true].map((value): Change => ({ set: 'protocol', value })),
  { drop: 'protocol' },
  { drop: 'deviceId' },
  { drop: 'ops' },
  ...BAD.id.map((value): Change => ({ set: 'deviceId', value })),
  { set: 'deviceId', value: 'another-tab' }, // the ops name a different device
  ...[{}, 'ops', null, 1, true, { 0: 'x' }].map((value): Change => ({ set: 'ops', value })),
  ...EXTRA_KEYS.map((extra): Change => ({ extra, value: true })),
];

type Who = 't.hughes' | 't.other' | 'reception' | 'office' | 'admin' | 'nobody';
const STAFF: readonly Who[] = ['t.hughes', 't.other', 'reception', 'office', 'admin'];

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly who?: Who;
  /** An Authorization header to send as it is (instead of `who`'s token). */
  readonly auth?: string;
  readonly contentType?: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The exact status, where the request is built to get one. */
  readonly status?: number;
}

const json = (method: string, path: string, who: Who, body: unknown): FuzzRequest => ({
  method,
  path,
  who,
  contentType: 'application/json',
  body: JSON.stringify(body),
});

const whoArb = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...STAFF) },
  { weight: 1, arbitrary: fc.constant<Who>('nobody') },
);

const pushArb: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        who: whoArb,
        bad: fc.array(badOpArb, { minLength: 1, maxLength: 3 }),
        good: fc.integer({ min: 0, max: 2 }),
        badFirst: fc.boolean(),
      })
      .map(({ who, bad, good, badFirst }) => {
        const valid = Array.from({ length: good }, (_, i) => validMark(i + 1));
        const ops = badFirst ? [...bad, ...valid] : [...valid, ...bad];
        return json('POST', '/api/sync/push', who, { protocol: 1, deviceId: DEVICE, ops });
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        who: whoArb,
        changes: fc.array(fc.constantFrom(...ENVELOPE_BREAKS), { minLength: 1, maxLength: 2 }),
        movement: fc.boolean(),
      })
      .map(({ who, changes, movement }) =>
        json(
          'POST',
          '/api/sync/push',
          who,
          applyChanges(
            { protocol: 1, deviceId: DEVICE, ops: [movement ? validMovement(1) : validMark(1)] },
            changes,
          ),
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ who: whoArb, body: fc.jsonValue({ maxDepth: 4 }) })
      .map(({ who, body }) => json('POST', '/api/sync/push', who, body)),
  },
);

const loginArb: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((body) => json('POST', '/api/auth/login', 'nobody', body)),
  fc
    .record({
      username: fc.constantFrom<Json | undefined>(
        undefined,
        'office',
        'OFFICE',
        SQL,
        HTML,
        '',
        'u'.repeat(101),
        1,
        null,
      ),
      password: fc.constantFrom<Json | undefined>(
        undefined,
        'wrong',
        SQL,
        HTML,
        '',
        'p'.repeat(201),
        1,
        null,
        [],
      ),
      school: fc.constantFrom<Json | undefined>(
        undefined,
        '100001',
        '100999',
        SQL,
        HTML,
        '',
        's'.repeat(21),
        1,
        null,
      ),
      extra: fc.option(fc.constantFrom(...EXTRA_KEYS), { nil: undefined }),
    })
    .map(({ username, password, school, extra }) => {
      const body: Record<string, Json | undefined> = { username, password, school };
      if (extra !== undefined)
        Object.defineProperty(body, extra, {
          value: 'x',
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return json('POST', '/api/auth/login', 'nobody', body);
    }),
);

/** URL versions of the bad pools (strings only; nothing over the header limit). */
const urlBad = (pool: Pool): string[] =>
  BAD[pool]
    .filter((v) => v !== HUGE && typeof v !== 'object')
    .map(String)
    .concat(['NaN', 'undefined', '%', '%00']);
const BAD_NUMBER = [
  '',
  ' ',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '-0',
  '+1',
  '１',
  SQL,
  HTML,
  '9'.repeat(11),
  '2147483649',
  'null',
  '[]',
  'true',
];

interface Tagged {
  readonly value: string;
  readonly bad: boolean;
}
const tagged = (good: readonly string[], bad: readonly string[]): fc.Arbitrary<Tagged> =>
  fc.oneof(
    fc.constantFrom(...good).map((value) => ({ value, bad: false })),
    fc.constantFrom(...bad).map((value) => ({ value, bad: true })),
  );

/** `?a=1&b=2`, encoded; a param given twice arrives as an array, which is malformed too. */
function query(
  params: Readonly<Record<string, Tagged | undefined>>,
  twice: string | undefined,
): string {
  const parts: string[] = [];
  for (const [key, param] of Object.entries(params)) {
    if (param === undefined) continue;
    parts.push(`${key}=${encodeURIComponent(param.value)}`);
    if (key === twice) parts.push(`${key}=${encodeURIComponent(param.value)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
const isMalformed = (
  params: Readonly<Record<string, Tagged | undefined>>,
  twice: string | undefined,
) => Object.entries(params).some(([key, p]) => p !== undefined && (p.bad || key === twice));

const pullArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    who: whoArb,
    cursor: fc.option(tagged(['0', '3'], BAD_NUMBER), { nil: undefined }),
    limit: fc.option(tagged(['1', '10'], [...BAD_NUMBER, '0', '5001']), { nil: undefined }),
    twice: fc.option(fc.constantFrom('cursor', 'limit'), { nil: undefined }),
  })
  .filter(
    ({ who, cursor, limit, twice }) => who === 'nobody' || isMalformed({ cursor, limit }, twice),
  )
  .map(({ who, cursor, limit, twice }) => ({
    method: 'GET',
    path: `/api/sync/pull${query({ cursor, limit }, twice)}`,
    who,
  }));

const BAD_GROUP = [
  'g9x',
  'G3B',
  'g3b;',
  'g3b ',
  SQL,
  HTML,
  'a'.repeat(101),
  'ü',
  '..',
  '%',
  '%2e%2e',
];
const BAD_PUPIL = ['p99', 'P1', 'p1;', SQL, HTML, 'a'.repeat(101), 'ü', '..', '%'];

const cellArb = (kind: 'register' | 'history'): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({
      who: whoArb,
      id: kind === 'register' ? tagged(['g3b', 'g4h'], BAD_GROUP) : tagged(['p1', 'p5'], BAD_PUPIL),
      date: tagged([TODAY, LAST_FRIDAY], urlBad('date')),
      session: tagged(['AM', 'PM'], urlBad('session')),
    })
    // a teacher of g3b asking for g4h (or its pupil p5) is refused too
    .filter(
      ({ who, id, date, session }) =>
        who === 'nobody' ||
        id.bad ||
        date.bad ||
        session.bad ||
        (who === 't.hughes' && (id.value === 'g4h' || id.value === 'p5')),
    )
    .map(({ who, id, date, session }) => {
      const segments = [id, date, session].map((p) => encodeURIComponent(p.value)).join('/');
      return {
        method: 'GET',
        path: kind === 'register' ? `/api/registers/${segments}` : `/api/marks/${segments}/history`,
        who,
      };
    });

const BAD_DATES = urlBad('date');
const GOOD_DATES = [TODAY, LAST_FRIDAY, '2026-09-02'];
const OFFICE_ROUTES: Record<string, readonly string[]> = {
  '/api/office/unexplained': ['asOf'],
  '/api/office/missing-registers': ['date'],
  '/api/office/conflicts': [],
  '/api/reports/attendance': ['from', 'to', 'by'],
  '/api/reports/alerts': ['asOf'],
  '/api/export/marks.csv': ['from', 'to'],
};
const BAD_BY = ['PUPIL', '', 'school', 'pupil,group', SQL, HTML, '__proto__'];

const officeArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    who: whoArb,
    route: fc.constantFrom(...Object.keys(OFFICE_ROUTES)),
    dates: fc.array(fc.option(tagged(GOOD_DATES, BAD_DATES), { nil: undefined }), {
      minLength: 2,
      maxLength: 2,
    }),
    by: fc.option(tagged(['pupil', 'group', 'year', 'cohort'], BAD_BY), { nil: undefined }),
    twice: fc.option(fc.constantFrom('asOf', 'date', 'from', 'to', 'by'), { nil: undefined }),
  })
  .map(({ who, route, dates, by, twice }) => {
    const names = OFFICE_ROUTES[route] ?? [];
    const params: Record<string, Tagged | undefined> = {};
    names.forEach((name, i) => {
      params[name] = name === 'by' ? by : dates[i];
    });
    return { who, route, params, twice };
  })
  // office and admin may read these: for them, only malformed parameters
  .filter(
    ({ who, params, twice }) =>
      !(who === 'office' || who === 'admin') || isMalformed(params, twice),
  )
  .map(({ who, route, params, twice }) => ({
    method: 'GET',
    path: `${route}${query(params, twice)}`,
    who,
  }));

const clockArb: fc.Arbitrary<FuzzRequest> = fc.oneof(
  // the admin, with a `now` that is not an instant (a valid one would move the clock)
  fc
    .record({
      now: fc.constantFrom<Json | undefined>(...BAD.instant, undefined, '2026-11-23T09:05:00Z '),
      extra: fc.option(fc.constantFrom(...EXTRA_KEYS), { nil: undefined }),
    })
    .map(({ now, extra }) => {
      const body: Record<string, Json | undefined> = { now };
      if (extra !== undefined)
        Object.defineProperty(body, extra, {
          value: 1,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return json('POST', '/api/test/clock', 'admin', body);
    }),
  fc
    .record({ body: fc.jsonValue({ maxDepth: 2 }) })
    .filter(
      ({ body }) =>
        typeof body !== 'object' || body === null || Array.isArray(body) || !('now' in body),
    )
    .map(({ body }) => json('POST', '/api/test/clock', 'admin', body)),
  // anyone else: refused whatever they send, even a well-formed instant
  fc
    .record({
      who: fc.constantFrom<Who>('t.hughes', 'reception', 'office', 'nobody'),
      now: fc.constantFrom<Json>(at('09:30'), ...BAD.instant),
    })
    .map(({ who, now }) => json('POST', '/api/test/clock', who, { now })),
);

describe.each(storeTargets())('[fuzz] on $kind', (target) => {
  let server: TestServer;
  const tokens = new Map<Who, string>();
  let revoked = '';
  let sent = 0;
  let before: Awaited<ReturnType<typeof snapshot>>;

  const tokenOf = (who: Who): string | undefined => tokens.get(who);

  async function send(req: FuzzRequest) {
    sent += 1;
    const headers: Record<string, string> = { ...req.headers };
    const token = req.who === undefined ? undefined : tokenOf(req.who);
    if (req.auth !== undefined) headers['authorization'] = req.auth;
    else if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    if (req.contentType !== undefined) headers['content-type'] = req.contentType;
    // a string body makes fetch add `text/plain`; bytes go without a content type
    const body =
      req.body === undefined
        ? undefined
        : req.contentType === undefined
          ? new TextEncoder().encode(req.body)
          : req.body;
    const response = await fetch(`${server.url}${req.path}`, {
      method: req.method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  }

  /** A 4xx (the exact one, when the request says) with a JSON `{ error, message }` body. */
  async function expectClientError(req: FuzzRequest): Promise<void> {
    const res = await send(req);
    const where = `${req.method} ${req.path.slice(0, 150)} [${req.who ?? req.auth ?? ''}] ${(req.body ?? '').slice(0, 300)} → ${String(res.status)} ${res.text.slice(0, 300)}`;
    expect(res.status, where).toBeGreaterThanOrEqual(400);
    expect(res.status, where).toBeLessThan(500);
    if (req.status !== undefined) expect(res.status, where).toBe(req.status);
    expect(res.contentType, where).toMatch(/^application\/json/);
    const body = JSON.parse(res.text) as { error?: unknown; message?: unknown };
    expect(body.error, where).toEqual(expect.stringMatching(KEBAB));
    expect(KNOWN_ERRORS, where).toContain(body.error);
    expect(body.message, where).toEqual(expect.stringMatching(/\S/));
  }

  const property = (arb: fc.Arbitrary<FuzzRequest>, numRuns: number) =>
    fc.assert(fc.asyncProperty(arb, expectClientError), { numRuns });

  async function snapshot() {
    const db = server.store.db;
    const [amendments, cells, audit, deviceSeqs, movements, schools, pupils, registers] =
      await Promise.all([
        db.selectFrom('amendments').selectAll().orderBy('school_id').orderBy('op_id').execute(),
        db
          .selectFrom('cells')
          .selectAll()
          .orderBy('school_id')
          .orderBy('pupil_id')
          .orderBy('date')
          .orderBy('session')
          .execute(),
        db.selectFrom('audit').selectAll().orderBy('id').execute(),
        db
          .selectFrom('device_seqs')
          .selectAll()
          .orderBy('school_id')
          .orderBy('device_id')
          .orderBy('author_id')
          .execute(),
        db.selectFrom('movements').selectAll().orderBy('school_id').orderBy('op_id').execute(),
        db.selectFrom('schools').selectAll().orderBy('id').execute(),
        db.selectFrom('pupils').selectAll().orderBy('school_id').orderBy('id').execute(),
        db
          .selectFrom('registers')
          .selectAll()
          .orderBy('school_id')
          .orderBy('group_id')
          .orderBy('date')
          .orderBy('session')
          .execute(),
      ]);
    const pulled = await server.api<{ serverTime?: string; cursor?: number }>(
      tokenOf('office') ?? null,
      'GET',
      '/api/sync/pull?cursor=0&limit=5000',
    );
    expect(pulled.status).toBe(200);
    // the pull as data: everything but the server's clock reading
    const pull = { ...pulled.body, serverTime: null };
    return { amendments, cells, audit, deviceSeqs, movements, schools, pupils, registers, pull };
  }

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'fuzz', now: at('09:10') });
    for (const who of STAFF) tokens.set(who, await server.login(who));
    revoked = await server.login('office');
    expect((await server.api(revoked, 'POST', '/api/auth/logout')).status).toBe(200);
    // some data of every kind, so "unchanged" means something
    const teacher = server.mark({
      pupilId: 'p1',
      date: TODAY,
      session: 'AM',
      code: '/',
      recordedAt: at('09:01'),
      deviceId: 'seed-teacher',
    });
    const office = server.mark({
      pupilId: 'p5',
      date: LAST_FRIDAY,
      session: 'AM',
      code: 'I',
      source: 'office',
      reason: 'Phoned in ill',
      recordedAt: at('09:02'),
      deviceId: 'seed-office',
    });
    const move = server.movement({
      pupilId: 'p2',
      date: TODAY,
      direction: 'in',
      at: '09:03',
      recordedAt: at('09:04'),
      deviceId: 'seed-reception',
    });
    for (const [who, device, op] of [
      ['t.hughes', 'seed-teacher', teacher],
      ['office', 'seed-office', office],
      ['reception', 'seed-reception', move],
    ] as const) {
      const response = await push(server, tokenOf(who) ?? '', device, [op]);
      expect(response.body.results).toEqual([{ opId: op.opId, status: 'applied' }]);
    }
    before = await snapshot();
  });

  afterAll(async () => {
    await server.close();
  });

  it('[fuzz-push] malformed pushes: bad ops among good ones, broken envelopes, any JSON', async () => {
    await property(pushArb, 350);
  });

  it('[fuzz-login] malformed and hostile logins', async () => {
    await property(loginArb, 120);
  });

  it('[fuzz-pull] NaN-ish, negative, fractional, huge and repeated cursor and limit', async () => {
    await property(pullArb, 100);
  });

  it('[fuzz-registers] bad group, pupil, date and session in register and history addresses', async () => {
    await property(cellArb('register'), 120);
    await property(cellArb('history'), 100);
  });

  it('[fuzz-office] office lists, reports and export: bad dates, bad `by`, wrong roles', async () => {
    await property(officeArb, 200);
  });

  it('[fuzz-clock] the test clock: bad instants from the admin, anything from anyone else', async () => {
    await property(clockArb, 60);
  });

  it('[fuzz-auth] bad, revoked and tampered bearer tokens on every route', async () => {
    const valid = tokenOf('office') ?? '';
    const headers = [
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${'A'.repeat(19)}`,
      `Bearer ${'A'.repeat(101)}`,
      `Bearer ${'A'.repeat(43)}`,
      `Bearer ${revoked}`,
      `bearer ${valid}`,
      `Token ${valid}`,
      `Bearer  ${valid}`,
      `Bearer ${valid.slice(0, -1)}`,
      `Bearer ${valid}x`,
      `Bearer ${SQL}`,
      `Bearer ${HTML}`,
      'Basic b2ZmaWNlOmNvcnJlY3QtaG9yc2U=',
    ];
    const routes: FuzzRequest[] = [
      { method: 'GET', path: '/api/me' },
      { method: 'POST', path: '/api/auth/logout' },
      { method: 'GET', path: '/api/sync/events' },
      { method: 'GET', path: '/api/sync/pull' },
      {
        method: 'POST',
        path: '/api/sync/push',
        contentType: 'application/json',
        body: JSON.stringify({ protocol: 1, deviceId: DEVICE, ops: [validMark(1)] }),
      },
      { method: 'GET', path: `/api/registers/g3b/${TODAY}/AM` },
      { method: 'GET', path: `/api/marks/p1/${TODAY}/AM/history` },
      { method: 'GET', path: '/api/office/conflicts' },
      { method: 'GET', path: '/api/reports/attendance' },
      { method: 'GET', path: '/api/export/marks.csv' },
      json('POST', '/api/test/clock', 'nobody', { now: 'soon' }),
    ];
    await property(
      fc
        .record({ route: fc.constantFrom(...routes), auth: fc.constantFrom(...headers) })
        .map(({ route, auth }) => ({ ...route, who: 'nobody' as const, auth, status: 401 })),
      80,
    );
  });

  it('[fuzz-fixed] non-JSON bodies, wrong content types, 3 MB, deep nesting, prototype keys, long addresses', async () => {
    const posts: [string, Who][] = [
      ['/api/auth/login', 'nobody'],
      ['/api/sync/push', 'office'],
      ['/api/test/clock', 'admin'],
      ['/api/auth/logout', 'nobody'],
    ];
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const requests: FuzzRequest[] = [];
    for (const [path, who] of posts) {
      const post = (contentType: string | undefined, body: string, status?: number): void => {
        requests.push({
          method: 'POST',
          path,
          who,
          body,
          ...(contentType === undefined ? {} : { contentType }),
          ...(status === undefined ? {} : { status }),
        });
      };
      for (const [type, body] of [
        ['text/plain', '{}'],
        ['text/plain; charset=utf-8', '{"protocol":1}'],
        ['application/x-www-form-urlencoded', 'username=office&password=x'],
        [
          'multipart/form-data; boundary=x',
          '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
        ],
        ['application/xml', '<a/>'],
        ['text/html', HTML],
        ['application/javascript', 'alert(1)'],
        ['application/json-patch+json', '[]'],
        ['application/jsonx', '{}'],
      ] as const)
        post(type, body, 415);
      post(undefined, '{"username":"office"}', 415); // no content type at all
      for (const body of [
        '{',
        '{"a":1',
        "{'a':1}",
        'undefined',
        'NaN',
        '{"a":1}{"b":2}',
        '\u0000',
        ' ',
        '[1,]',
        '{"a":01}',
        '"\\u12"',
      ])
        post('application/json', body, 400);
      post('application/json', '', 400);
      post('application/json', `{"x":"${'x'.repeat(3 * 1024 * 1024)}"}`, 413);
      post('text/plain', 'x'.repeat(3 * 1024 * 1024));
      // deep but valid JSON: refused by the body's schema (logout has none: no token, 401)
      const deepStatus = path === '/api/auth/logout' ? 401 : 400;
      post('application/json', deep(100_000), deepStatus);
      post('application/json', deepObject(50_000), deepStatus);
      post(
        'application/json',
        '{"__proto__":{"role":"admin"},"username":"office","password":"x"}',
        400,
      );
      post('application/json', '{"constructor":{"prototype":{"role":"admin"}}}', 400);
    }
    const opsJson = (ops: string) => `{"protocol":1,"deviceId":"${DEVICE}","ops":[${ops}]}`;
    requests.push(
      {
        method: 'POST',
        path: '/api/sync/push',
        who: 'office',
        contentType: 'application/json',
        body: opsJson(deep(10_000)),
        status: 400,
      },
      {
        method: 'POST',
        path: '/api/sync/push',
        who: 'office',
        contentType: 'application/json',
        body: opsJson(`{"__proto__":{"kind":"mark"},${JSON.stringify(validMark(1)).slice(1)}`),
        status: 400,
      },
      {
        ...json('POST', '/api/sync/push', 'office', {
          protocol: 1,
          deviceId: DEVICE,
          ops: Array.from({ length: 1001 }, (_, i) => validMark(i + 1)),
        }),
        status: 400,
      },
      {
        ...json('POST', '/api/sync/push', 'office', {
          protocol: 1,
          deviceId: DEVICE,
          ops: [{ ...validMark(1), reason: HUGE }],
        }),
        status: 400,
      },
      {
        ...json('POST', '/api/sync/push', 'office', {
          protocol: 0,
          deviceId: DEVICE,
          ops: [validMark(1)],
        }),
        status: 426,
      },
      {
        ...json('POST', '/api/sync/push', 'office', {
          protocol: 1,
          deviceId: DEVICE,
          ops: [validMark(1)],
        }),
        headers: { origin: 'https://evil.example' },
        status: 403,
      },
      {
        ...json('POST', '/api/auth/login', 'nobody', { username: 'office', password: 'x' }),
        headers: { origin: 'https://evil.example' },
        status: 403,
      },
      {
        ...json('POST', '/api/auth/login', 'nobody', [{ username: 'office', password: 'x' }]),
        status: 400,
      },
      {
        method: 'GET',
        path: `/api/sync/pull?cursor=${'9'.repeat(100_000)}`,
        who: 'office',
        status: 431,
      },
      {
        method: 'GET',
        path: `/api/registers/${'g'.repeat(150)}/${TODAY}/AM`,
        who: 'office',
        status: 404,
      },
      {
        method: 'GET',
        path: `/api/marks/${'p'.repeat(150)}/${TODAY}/AM/history`,
        who: 'office',
        status: 404,
      },
      { method: 'GET', path: `/api/registers/%E0%A4%A/${TODAY}/AM`, who: 'office', status: 400 },
      { method: 'GET', path: `/api/marks/%/${TODAY}/AM/history`, who: 'office', status: 400 },
      {
        method: 'GET',
        path: `/api/reports/attendance?from=2018-01-01&to=${TODAY}`,
        who: 'office',
        status: 400,
      },
      {
        method: 'GET',
        path: `/api/export/marks.csv?from=${TODAY}&to=2026-09-02`,
        who: 'office',
        status: 400,
      },
      { method: 'GET', path: '/api/../../etc/passwd', who: 'office', status: 404 },
      { method: 'GET', path: '/api/admin', who: 'admin', status: 404 },
      { method: 'GET', path: '/api/sync/push', who: 'office', status: 404 },
      {
        method: 'POST',
        path: '/api/sync/push/extra',
        who: 'office',
        contentType: 'application/json',
        body: '{}',
        status: 404,
      },
    );
    for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS'])
      for (const path of [
        '/api/sync/push',
        '/api/auth/login',
        '/api/sync/pull',
        `/api/registers/g3b/${TODAY}/AM`,
        '/api/test/clock',
      ])
        requests.push({ method, path, who: 'admin', status: 404 });
    for (const req of requests) await expectClientError(req);
    expect(requests.length).toBeGreaterThan(150);
  });

  it('[fuzz-unchanged] after all that, every table and a full office pull are exactly as before', async () => {
    expect(sent).toBeGreaterThanOrEqual(1000);
    const after = await snapshot();
    expect(after.amendments.length).toBeGreaterThan(0);
    expect(after.movements).toHaveLength(1);
    expect(after).toEqual(before);
  });

  it('[hostile-text] well-formed ops with SQL and HTML are 200s: stored verbatim or rejected by rule', async () => {
    const office = tokenOf('office') ?? '';
    const reason = SQL;
    const note = HTML;
    const amend = server.mark({
      pupilId: 'p3',
      date: LAST_FRIDAY,
      session: 'AM',
      code: 'O',
      source: 'office',
      basedOn: null,
      reason,
      note,
      recordedAt: at('09:06'),
      deviceId: 'hostile-office',
    });
    const move = server.movement({
      pupilId: 'p4',
      date: TODAY,
      direction: 'out',
      at: '09:06',
      reason: '<img src=x onerror=alert(1)>',
      accompaniedBy: "Robert'); DROP TABLE pupils;--",
      recordedAt: at('09:07'),
      deviceId: 'hostile-office',
    });
    const rejected = [
      {
        op: server.mark({
          pupilId: 'p3',
          date: LAST_FRIDAY,
          session: 'PM',
          code: 'A',
          source: 'office',
          reason: HTML,
          recordedAt: at('09:06'),
          deviceId: 'hostile-office',
        }),
        code: 'unknown-code',
      },
      {
        op: server.mark({
          pupilId: 'p3',
          date: '2026-11-27',
          session: 'AM',
          code: 'I',
          source: 'office',
          reason: SQL,
          recordedAt: at('09:06'),
          deviceId: 'hostile-office',
        }),
        code: 'not-a-school-session',
      },
      {
        op: server.mark({
          pupilId: 'p99',
          date: TODAY,
          session: 'AM',
          code: 'I',
          source: 'office',
          reason: SQL,
          recordedAt: at('09:06'),
          deviceId: 'hostile-office',
        }),
        code: 'unknown-pupil',
      },
      {
        op: server.mark({
          pupilId: 'p3',
          date: LAST_FRIDAY,
          session: 'AM',
          code: 'H',
          source: 'office',
          reason: HTML,
          recordedAt: at('09:06'),
          deviceId: 'hostile-office',
        }),
        code: 'code-not-valid-on-date',
      },
    ];
    const response = await push(server, office, 'hostile-office', [
      amend,
      move,
      ...rejected.map((r) => r.op),
    ]);
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      { opId: amend.opId, status: 'applied' },
      { opId: move.opId, status: 'applied' },
      ...rejected.map(({ op, code }) => ({
        opId: op.opId,
        status: 'rejected',
        code,
        reason: expect.stringMatching(/\w+ \w+/) as unknown,
      })),
    ]);
    const after = await snapshot();
    expect(after.amendments).toHaveLength(before.amendments.length + 1);
    expect(after.movements).toHaveLength(before.movements.length + 1);
    expect(after.audit).toHaveLength(before.audit.length + 6);
    expect(after.pupils).toEqual(before.pupils);
    const history = await server.api<{
      entries: { opId: string; reason: string | null; note: string | null }[];
    }>(office, 'GET', `/api/marks/p3/${LAST_FRIDAY}/AM/history`);
    expect(history.headers.get('content-type')).toMatch(/^application\/json/);
    expect(history.body.entries.find((e) => e.opId === amend.opId)).toMatchObject({ reason, note });
    const pulled = await server.api<{ changes: { type: string; data: Record<string, unknown> }[] }>(
      office,
      'GET',
      '/api/sync/pull?cursor=0&limit=5000',
    );
    expect(pulled.body.changes.find((c) => c.data['opId'] === move.opId)?.data).toMatchObject({
      reason: '<img src=x onerror=alert(1)>',
      accompaniedBy: "Robert'); DROP TABLE pupils;--",
    });
  });

  /**
   * Bug in src/server/sync/push.ts (left failing on purpose): a push whose very first op is out of
   * sequence answers 409 but still commits — it bumps the school's version (every client's pull
   * cursor moves), reserves server order numbers, and writes a `device_seqs` row for a device that
   * never sent anything. Suggested fix: in `applyPush`, when nothing was recorded (no results and
   * `last` unchanged), skip `writeBatch` and roll the transaction back (or check the first op's
   * sequence number before `bumpVersion`).
   */
  it('[bug push.ts] a push refused with 409 sequence-gap leaves no trace (no version bump, no device_seqs row)', async () => {
    const trace = async () => {
      const { schools, deviceSeqs, amendments, audit, pull } = await snapshot();
      return {
        versions: schools.map((row) => ({ version: row.version, opSeq: row.op_seq })),
        deviceSeqs,
        amendments: amendments.length,
        audit: audit.length,
        pullCursor: pull.cursor,
      };
    };
    const start = await trace();
    const op = server.mark({
      pupilId: 'p1',
      date: TODAY,
      session: 'AM',
      code: 'N',
      recordedAt: at('09:08'),
      deviceId: 'gap-tab',
      deviceSeq: 9_000_000_000_000,
    });
    const response = await push(server, tokenOf('t.hughes') ?? '', 'gap-tab', [op]);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'sequence-gap', expectedSeq: 1 });
    expect(await trace()).toEqual(start);
  });
});
