/**
 * Hostile and malformed requests against every route (docs/sync-protocol.md §1: errors are
 * `{ error: "kebab-code", message }`, framework errors included; bad input never gives a 5xx).
 *
 * Over a thousand requests per store — fast-check generates most of them, a fixed list covers the
 * rest (bodies that are not JSON, wrong content types, 3 MB bodies, deep nesting, prototype keys,
 * over-long addresses). Every one must be a 4xx with a JSON error body, and afterwards the data
 * must be exactly as before. A *well-formed* op that breaks a rule is a different thing: it is a
 * 200 with `rejected` (checked at the end, with SQL and HTML stored verbatim).
 *
 * Text the database cannot hold — U+0000, or a UTF-16 surrogate without its partner — is the
 * subject of [fuzz-text]: refused, never altered. In a push such an op is `rejected` on its own
 * (`invalid-text`, naming the field) and the valid ops beside it apply; in a login, the push's
 * envelope or an import it is a 400 (or a problem) naming the field.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_TEXT } from '../../src/schema/errors.ts';
import { REJECTION_CODES } from '../../src/schema/rejections.ts';
import { validateBundle } from '../../src/server/school/validateBundle.ts';
import { PASSWORD, smallSchool } from '../fixtures/smallSchool.ts';
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
  // (text holding U+0000 or a lone surrogate is its own case: see [fuzz-text] below)
  session: ['am', 'pm', 'Am', 'XX', '', 'AM ', 'AMPM', SQL, HTML, 1, null],
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
  // A mark's reason may be blank (read as none, and refused by rule where one is needed).
  markReason: [HUGE, 'r'.repeat(501), 1, null, [], {}],
  outcome: ['No-answer', 'answered', 'no answer', '', null, 1, SQL],
  phone: ['0'.repeat(41), 1, null, true, {}],
  note: ['n'.repeat(1001), 1, null, true, {}],
  name: ['', '  ', 'a'.repeat(201), 1, null],
  direction: ['IN', 'sideways', '', null, 1, SQL],
  kind: ['Mark', 'amendment', 'Call', 'phone-call', 'roll-call', 'RollCall', '', null, 1, SQL],
  action: ['Start', 'pause', 'tick ', '', null, 1, SQL],
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
  reason: 'markReason',
  note: 'note',
  reportedBy: 'name',
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
const CALL_FIELDS: Record<string, Pool> = {
  kind: 'kind',
  opId: 'id',
  deviceId: 'id',
  deviceSeq: 'seq',
  pupilId: 'id',
  date: 'date',
  recordedAt: 'instant',
  at: 'time',
  contact: 'name',
  phone: 'phone',
  outcome: 'outcome',
  note: 'note',
};
const ROLL_CALL_FIELDS: Record<string, Pool> = {
  kind: 'kind',
  opId: 'id',
  deviceId: 'id',
  deviceSeq: 'seq',
  date: 'date',
  recordedAt: 'instant',
  rollCallId: 'id',
  action: 'action',
  pupilId: 'id',
};
const OPTIONAL = new Set(['arrivedAt', 'reason', 'note', 'accompaniedBy', 'reportedBy', 'phone']);

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

function validCall(n: number): JsonObject {
  return {
    kind: 'call',
    opId: `fuzz-call-${String(n)}`,
    deviceId: DEVICE,
    deviceSeq: n,
    pupilId: 'p3',
    date: TODAY,
    at: '09:00',
    contact: 'Parent 3',
    outcome: 'no-answer',
    recordedAt: at('09:05'),
  };
}

/** A tick of a roll call (a start names no pupil, and its id is its own opId). */
function validRollCall(n: number): JsonObject {
  return {
    kind: 'rollcall',
    opId: `fuzz-rc-${String(n)}`,
    deviceId: DEVICE,
    deviceSeq: n,
    date: TODAY,
    recordedAt: at('09:05'),
    rollCallId: 'fuzz-rc-start',
    action: 'tick',
    pupilId: 'p4',
  };
}

/** Each op kind's fields with their bad pools, its free-text fields, and a valid op. */
const OP_KINDS = {
  mark: { fields: MARK_FIELDS, text: ['reason', 'note', 'reportedBy'], valid: validMark },
  movement: { fields: MOVEMENT_FIELDS, text: ['reason', 'accompaniedBy'], valid: validMovement },
  call: { fields: CALL_FIELDS, text: ['contact', 'phone', 'note'], valid: validCall },
  rollcall: { fields: ROLL_CALL_FIELDS, text: [], valid: validRollCall },
} as const;

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
  .constantFrom('mark' as const, 'movement' as const, 'call' as const, 'rollcall' as const)
  .chain((kind) => {
    const { fields, text, valid } = OP_KINDS[kind];
    return fc
      .record({
        n: fc.integer({ min: 1, max: 5 }),
        // A roll-call step has no free text to decorate.
        decorations:
          text.length === 0
            ? fc.constant([])
            : fc.array(
                fc.record({
                  set: fc.constantFrom<string>(...text),
                  value: fc.constantFrom<Json>(...HOSTILE_TEXT),
                }),
                { maxLength: 2 },
              ),
        breaks: fc.array(breakArb(fields), { minLength: 1, maxLength: 3 }),
      })
      .map(({ n, decorations, breaks }) => applyChanges(valid(n), [...decorations, ...breaks]));
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

/**
 * Well-formed ops that may break any rule (docs/sync-protocol.md §5.3, §5.6): office and register
 * marks with every code, source, date and reporter, and first-day calls with every outcome, from
 * every role. Each must be answered 200, op by op `applied` or `rejected` with a rule's code and a
 * sentence — never `server-error`.
 */
/** Mostly values that pass, sometimes ones that break a rule, so both are well exercised. */
const mostly = <T extends Json>(good: readonly T[], bad: readonly T[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: fc.constantFrom(...bad) },
  );
const rulePupilArb = mostly(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'], ['p9', 'P1']);
const ruleDateArb = mostly(
  [TODAY, LAST_FRIDAY, '2026-11-24'], // today, last Friday, tomorrow (a planned absence)
  [
    '2026-11-27', // the INSET day
    '2026-11-28', // a Saturday
    '2026-10-27', // half term
    '2026-09-02', // the first day of the year
    '2026-07-20', // the school year before
    '2027-09-06', // the next school year, outside the calendar
    '2024-08-16', // before the 2024 codes
    '2000-02-29',
    '9999-12-31',
  ],
);
const RULE_CODES = [
  '/',
  '\\',
  'N',
  'I',
  'M',
  'O',
  'G',
  'U',
  'L',
  'H',
  'C1',
  'J1',
  'B',
  'D',
  'X',
  '#',
];
const RULE_TIMES = [
  '00:00',
  '07:59',
  '08:49',
  '08:50',
  '09:05',
  '09:09',
  '12:00',
  '13:29',
  '23:59',
];
const ruleRecordedArb = mostly(
  [at('08:00'), at('09:05'), at('09:09'), '2026-11-23T09:05:00+01:00', `${LAST_FRIDAY}T15:00:00Z`],
  [at('09:30'), '2026-11-24T09:00:00Z'], // ahead of the server's clock
);
/** Names as people type them: listed contacts, near misses, other scripts, hostile text. */
const RULE_NAMES = [
  'Parent 1',
  'Parent 3',
  'parent 3',
  ' Parent 3 ',
  'Gran Three',
  'Zoë Parent-Ñúñez',
  '👩‍👦 Mum',
  'n'.repeat(200),
  ...HOSTILE_TEXT,
];
const RULE_TEXT = ['', '   ', 'Phoned in', 'r'.repeat(500), ...HOSTILE_TEXT];

/** An object without its undefined fields (JSON leaves them out anyway; this keeps them out of sight). */
const defined = (fields: Record<string, Json | undefined>): JsonObject =>
  Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, Json] => entry[1] !== undefined),
  );
const maybe = <T extends Json>(values: readonly T[]) =>
  fc.option(fc.constantFrom(...values), { nil: undefined });

const ruleMarkArb: fc.Arbitrary<JsonObject> = fc
  .record({
    pupilId: rulePupilArb,
    date: ruleDateArb,
    session: fc.constantFrom('AM', 'PM'),
    code: fc.option(fc.constantFrom(...RULE_CODES), { nil: null }),
    basedOn: fc.option(fc.constantFrom('fuzz-mark-1', 'no-such-op'), { nil: null }),
    recordedAt: ruleRecordedArb,
    source: fc.constantFrom('register', 'office', 'reception'),
    arrivedAt: maybe(RULE_TIMES),
    reason: maybe(RULE_TEXT),
    note: maybe(RULE_TEXT),
    reportedBy: maybe(RULE_NAMES),
  })
  .map((fields) => defined({ kind: 'mark', ...fields }));

const ruleCallArb: fc.Arbitrary<JsonObject> = fc
  .record({
    pupilId: rulePupilArb,
    date: ruleDateArb,
    at: fc.constantFrom(...RULE_TIMES),
    recordedAt: ruleRecordedArb,
    contact: fc.constantFrom(...RULE_NAMES),
    phone: maybe(['', '07700 900000', '+44 7700 900123 ☎️', '0'.repeat(40), SQL.slice(0, 40)]),
    outcome: fc.constantFrom('no-answer', 'message-left', 'reason-given', 'wrong-number'),
    note: maybe(RULE_TEXT.map((text) => text.slice(0, 1000))),
  })
  .map((fields) => defined({ kind: 'call', ...fields }));

/**
 * Steps of a roll call: `FIRST` stands for the push's first op, so a start there makes the
 * ticks after it fit; a start's id is its own opId (stamped with it).
 */
const ruleRollCallArb: fc.Arbitrary<JsonObject> = fc
  .record({
    date: ruleDateArb,
    recordedAt: ruleRecordedArb,
    action: fc.constantFrom('start', 'tick', 'tick', 'untick', 'end'),
    rollCallId: fc.constantFrom('FIRST', 'FIRST', 'no-such-roll-call'),
    pupilId: rulePupilArb,
  })
  .map(({ action, pupilId, ...fields }) =>
    defined({
      kind: 'rollcall',
      action,
      ...fields,
      pupilId: action === 'tick' || action === 'untick' ? pupilId : undefined,
    }),
  );

/** A rule op with its place in the push: its opId, device and number (a start's id is its opId). */
function stampRuleOp(spec: JsonObject, device: string, i: number): JsonObject {
  const opId = `${device}-${String(i + 1)}`;
  const stamped = { ...spec, opId, deviceId: device, deviceSeq: i + 1 };
  if (spec['kind'] !== 'rollcall') return stamped;
  const first = `${device}-1`;
  const rollCallId =
    spec['action'] === 'start' ? opId : spec['rollCallId'] === 'FIRST' ? first : spec['rollCallId'];
  return { ...stamped, rollCallId: rollCallId ?? first };
}

const rulePushArb = fc.record({
  who: fc.constantFrom(...STAFF),
  ops: fc.array(fc.oneof(ruleMarkArb, ruleCallArb, ruleRollCallArb), {
    minLength: 1,
    maxLength: 5,
  }),
});
const RULE_REFUSALS = REJECTION_CODES.filter((code) => code !== 'server-error');

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
    const [
      amendments,
      cells,
      audit,
      deviceSeqs,
      movements,
      schools,
      pupils,
      registers,
      calls,
      rollCallSteps,
    ] = await Promise.all([
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
      db.selectFrom('calls').selectAll().orderBy('school_id').orderBy('op_id').execute(),
      db.selectFrom('roll_call_steps').selectAll().orderBy('school_id').orderBy('op_id').execute(),
    ]);
    const pulled = await server.api<{ serverTime?: string; cursor?: number }>(
      tokenOf('office') ?? null,
      'GET',
      '/api/sync/pull?cursor=0&limit=5000',
    );
    expect(pulled.status).toBe(200);
    // the pull as data: everything but the server's clock reading
    const pull = { ...pulled.body, serverTime: null };
    return {
      amendments,
      cells,
      audit,
      deviceSeqs,
      movements,
      schools,
      pupils,
      registers,
      calls,
      rollCallSteps,
      pull,
    };
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

  it('[fuzz-push-rules] well-formed marks (reportedBy too), calls and roll-call steps breaking any rule, from every role: 200, each applied or refused by a rule', async () => {
    let devices = 0;
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(rulePushArb, async ({ who, ops: specs }) => {
        devices += 1;
        const device = `rules-${String(devices)}`;
        const ops = specs.map((spec, i) => stampRuleOp(spec, device, i));
        const request = json('POST', '/api/sync/push', who, { protocol: 1, deviceId: device, ops });
        const res = await send(request);
        const where = `[${who}] ${(request.body ?? '').slice(0, 600)} → ${String(res.status)} ${res.text.slice(0, 600)}`;
        expect(res.status, where).toBe(200);
        const { results } = JSON.parse(res.text) as {
          results: { opId: string; status: string; code?: string; reason?: string }[];
        };
        expect(
          results.map((r) => r.opId),
          where,
        ).toEqual(ops.map((op) => op.opId));
        for (const result of results) {
          const outcome = result.code ?? result.status;
          seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
          if (result.status === 'applied') continue;
          expect(result.status, where).toBe('rejected');
          expect(RULE_REFUSALS, where).toContain(result.code);
          expect(result.reason, where).toMatch(/^\S+( \S+){2,}/);
        }
        // exactly once: sent again, every op is a duplicate repeating how it fared
        const again = await send(request);
        expect(again.status, where).toBe(200);
        expect((JSON.parse(again.text) as { results: unknown }).results, where).toEqual(
          results.map(({ opId, status, code, reason }) => ({
            opId,
            status: 'duplicate',
            original: status,
            ...(code === undefined ? {} : { code, reason }),
          })),
        );
      }),
      { numRuns: 150 },
    );
    // Not a vacuous pass: ops applied, and refused for several different rules.
    expect(seen.get('applied') ?? 0, JSON.stringify([...seen])).toBeGreaterThan(0);
    expect(seen.size, JSON.stringify([...seen])).toBeGreaterThanOrEqual(5);
    // the calls applied are stored once each, with their device's numbers
    const calls = await server.store.db
      .selectFrom('calls')
      .select(['op_id', 'device_id', 'device_seq'])
      .where('device_id', 'like', 'rules-%')
      .execute();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls)
      expect(call.op_id).toBe(`${call.device_id}-${String(call.device_seq)}`);
    // and so are the roll-call steps
    const steps = await server.store.db
      .selectFrom('roll_call_steps')
      .select(['op_id', 'device_id', 'device_seq'])
      .where('device_id', 'like', 'rules-%')
      .execute();
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps)
      expect(step.op_id).toBe(`${step.device_id}-${String(step.device_seq)}`);
  });
});

/** Characters of one kind that no stored text may hold: NULs, high or low surrogate halves. */
const unstorableCharsArb: fc.Arbitrary<string[]> = fc.oneof(
  fc.array(fc.constant('\u0000'), { minLength: 1, maxLength: 3 }),
  fc.array(
    fc.integer({ min: 0xd800, max: 0xdbff }).map((unit) => String.fromCharCode(unit)),
    { minLength: 1, maxLength: 3 },
  ),
  fc.array(
    fc.integer({ min: 0xdc00, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
    { minLength: 1, maxLength: 3 },
  ),
);

/**
 * Where to put such characters into an otherwise valid value. They are all of one kind, so they
 * cannot pair up with each other (or, the base being well formed, with its own surrogates).
 */
interface Spoil {
  readonly chars: readonly string[];
  readonly at: readonly number[];
}
const spoilArb: fc.Arbitrary<Spoil> = fc.record({
  chars: unstorableCharsArb,
  at: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
});

function spoil(base: string, { chars, at }: Spoil): string {
  return chars.reduce((out, char, i) => {
    const position = (at[i] ?? 0) % (out.length + 1);
    return `${out.slice(0, position)}${char}${out.slice(position)}`;
  }, base);
}

/**
 * Whether PostgreSQL could store `text` exactly, judged without the server's code: its text type
 * cannot hold NUL, and UTF-8 cannot carry a lone surrogate (the round trip makes it U+FFFD).
 */
const isStorable = (text: string): boolean =>
  !text.includes('\u0000') && Buffer.from(text, 'utf8').toString('utf8') === text;

/** A key of an op or body that names an extra field, itself holding the characters. */
const EXTRA_KEY = '(extra key)';

/** Every text field of each op kind, with a valid value to spoil when the op has none. */
const OP_TEXT_FIELDS = {
  mark: {
    kind: 'mark',
    opId: '',
    deviceId: '',
    pupilId: 'p1',
    date: LAST_FRIDAY,
    session: 'AM',
    code: 'I',
    basedOn: 'an-earlier-op',
    recordedAt: at('09:05'),
    source: 'office',
    arrivedAt: '09:01',
    reason: 'Phoned in: ill 🤒',
    note: 'Mum rang at 08:15 ☎️',
    reportedBy: 'Zoë Parent-Ñúñez',
    [EXTRA_KEY]: 'note',
  },
  movement: {
    kind: 'movement',
    opId: '',
    deviceId: '',
    pupilId: 'p2',
    date: TODAY,
    direction: 'in',
    at: '09:00',
    recordedAt: at('09:05'),
    reason: 'Dentist 🦷',
    accompaniedBy: 'Grandad Joe',
    [EXTRA_KEY]: 'accompaniedBy',
  },
  call: {
    kind: 'call',
    opId: '',
    deviceId: '',
    pupilId: 'p3',
    date: TODAY,
    at: '09:00',
    recordedAt: at('09:05'),
    contact: 'Zoë Parent-Ñúñez',
    phone: '+44 7700 900123 ☎️',
    outcome: 'message-left',
    note: 'Left a message 📞',
    [EXTRA_KEY]: 'note',
  },
} as const;
type OpKind = keyof typeof OP_TEXT_FIELDS;

interface Slot {
  readonly kind: OpKind;
  /** The fields spoiled, or none: a valid op that must apply. */
  readonly spoils: readonly { readonly field: string; readonly spoil: Spoil }[];
}

const slotArb: fc.Arbitrary<Slot> = fc
  .constantFrom<OpKind>('mark', 'movement', 'call')
  .chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      spoils: fc.oneof(
        fc.constant([]),
        fc.uniqueArray(
          fc.record({
            field: fc.constantFrom(...Object.keys(OP_TEXT_FIELDS[kind])),
            spoil: spoilArb,
          }),
          { minLength: 1, maxLength: 2, selector: (s) => s.field },
        ),
      ),
    }),
  );

/** A valid op of the kind at `seq` on `device` (office or admin writes, which always apply). */
function validOp(kind: OpKind, device: string, seq: number): JsonObject {
  const opId = `${device}-${String(seq)}`;
  if (kind === 'movement')
    return {
      kind: 'movement',
      opId,
      deviceId: device,
      deviceSeq: seq,
      pupilId: 'p2',
      date: TODAY,
      direction: seq % 2 === 0 ? 'in' : 'out',
      at: '09:00',
      recordedAt: at('09:05'),
      reason: OP_TEXT_FIELDS.movement.reason,
      accompaniedBy: OP_TEXT_FIELDS.movement.accompaniedBy,
    };
  if (kind === 'call')
    return {
      kind: 'call',
      opId,
      deviceId: device,
      deviceSeq: seq,
      pupilId: `p${String((seq % 8) + 1)}`,
      date: TODAY,
      at: '09:00',
      recordedAt: at('09:05'),
      contact: OP_TEXT_FIELDS.call.contact,
      phone: OP_TEXT_FIELDS.call.phone,
      outcome: OP_TEXT_FIELDS.call.outcome,
      note: OP_TEXT_FIELDS.call.note,
    };
  return {
    kind: 'mark',
    opId,
    deviceId: device,
    deviceSeq: seq,
    pupilId: `p${String((seq % 8) + 1)}`,
    date: LAST_FRIDAY,
    session: seq % 2 === 0 ? 'AM' : 'PM',
    code: 'I',
    basedOn: null,
    recordedAt: at('09:05'),
    source: 'office',
    reason: OP_TEXT_FIELDS.mark.reason,
    note: OP_TEXT_FIELDS.mark.note,
    reportedBy: OP_TEXT_FIELDS.mark.reportedBy,
  };
}

/** The op of a slot, and the names its rejection may give (the spoiled fields, as shown). */
function opOf(slot: Slot, device: string, seq: number): { op: JsonObject; names: string[] } {
  const op = validOp(slot.kind, device, seq);
  const bases: Readonly<Record<string, string>> = OP_TEXT_FIELDS[slot.kind];
  const names: string[] = [];
  for (const { field, spoil: how } of slot.spoils) {
    if (field === EXTRA_KEY) {
      const key = spoil(bases[EXTRA_KEY] ?? 'x', how);
      Object.defineProperty(op, key, { value: 'x', enumerable: true, writable: true });
      names.push(JSON.stringify(key));
    } else {
      const current = op[field];
      op[field] = spoil(typeof current === 'string' ? current : (bases[field] ?? ''), how);
      names.push(field);
    }
  }
  for (const name of names) {
    const value = op[name];
    if (typeof value === 'string') expect(isStorable(value), name).toBe(false);
  }
  return { op, names };
}

describe.each(storeTargets())('[fuzz-text] text that cannot be stored, on $kind', (target) => {
  let server: TestServer;
  const tokens = new Map<Who, string>();
  let devices = 0;

  async function post(path: string, who: Who | null, body: unknown) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = who === null ? undefined : tokens.get(who);
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    // JSON.stringify writes a lone surrogate as \udXXX and NUL as \u0000: valid JSON text
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const where = `${path} ${JSON.stringify(body).slice(0, 400)} → ${String(response.status)} ${text.slice(0, 400)}`;
    expect(response.headers.get('content-type') ?? '', where).toMatch(/^application\/json/);
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, where };
  }

  async function expectInvalid(path: string, who: Who | null, body: unknown, names: string[]) {
    const res = await post(path, who, body);
    expect(res.status, res.where).toBe(400);
    expect(res.body['error'], res.where).toBe('invalid-body');
    const message = String(res.body['message']);
    expect(
      names.some((name) => message.includes(name)),
      res.where,
    ).toBe(true);
  }

  const count = async (table: 'amendments' | 'movements' | 'audit', device: string) => {
    const row = await server.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('device_id', '=', device)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  beforeAll(async () => {
    server = await startTestServer(target, { suite: 'fuzz-text', now: at('09:10') });
    for (const who of ['office', 'admin'] as const) tokens.set(who, await server.login(who));
  });

  afterAll(async () => {
    await server.close();
  });

  it('[fuzz-text-push] each op holding such text is rejected naming the field; the valid ops beside it apply', async () => {
    const planArb = fc
      .record({
        who: fc.constantFrom<Who>('office', 'admin'),
        slots: fc.array(slotArb, { minLength: 1, maxLength: 8 }),
      })
      .filter(({ slots }) => slots.some((slot) => slot.spoils.length > 0));
    await fc.assert(
      fc.asyncProperty(planArb, async ({ who, slots }) => {
        devices += 1;
        const device = `text-${String(devices)}`;
        const built = slots.map((slot, i) => ({ slot, ...opOf(slot, device, i + 1) }));
        const ops = built.map((b) => b.op);
        const first = await post('/api/sync/push', who, { protocol: 1, deviceId: device, ops });
        expect(first.status, first.where).toBe(200);
        const results = first.body['results'] as Record<string, unknown>[];
        expect(results, first.where).toHaveLength(ops.length);
        built.forEach(({ slot, op, names }, i) => {
          const result = results[i] ?? {};
          expect(result['opId'], first.where).toBe(op['opId']);
          if (slot.spoils.length === 0) {
            expect(result, first.where).toEqual({ opId: op['opId'], status: 'applied' });
            return;
          }
          expect(result['status'], first.where).toBe('rejected');
          expect(result['code'], first.where).toBe('invalid-text');
          const reason = String(result['reason']);
          expect(isStorable(reason), first.where).toBe(true);
          expect(
            names.some((name) => reason.includes(`Field ${name} contains`)),
            first.where,
          ).toBe(true);
        });
        // nothing valid lost: the valid ops, and only they, are stored, with their text exact
        const valid = built.filter((b) => b.slot.spoils.length === 0).map((b) => b.op);
        // Each stored row's free text, by field of the op it came from.
        const db = server.store.db;
        const stored: { op_id: string; text: Record<string, string | null> }[] = [
          ...(
            await db
              .selectFrom('amendments')
              .select(['op_id', 'reason', 'note', 'reported_by'])
              .where('device_id', '=', device)
              .execute()
          ).map((r) => ({
            op_id: r.op_id,
            text: { reason: r.reason, note: r.note, reportedBy: r.reported_by },
          })),
          ...(
            await db
              .selectFrom('movements')
              .select(['op_id', 'reason', 'accompanied_by'])
              .where('device_id', '=', device)
              .execute()
          ).map((r) => ({
            op_id: r.op_id,
            text: { reason: r.reason, accompaniedBy: r.accompanied_by },
          })),
          ...(
            await db
              .selectFrom('calls')
              .select(['op_id', 'contact', 'phone', 'note'])
              .where('device_id', '=', device)
              .execute()
          ).map((r) => ({
            op_id: r.op_id,
            text: { contact: r.contact, phone: r.phone, note: r.note },
          })),
        ];
        expect(stored.map((row) => row.op_id).sort()).toEqual(
          built
            .flatMap((b, i) => (b.slot.spoils.length === 0 ? [`${device}-${String(i + 1)}`] : []))
            .sort(),
        );
        for (const row of stored) {
          const op = valid.find((o) => o['opId'] === row.op_id) ?? {};
          for (const [field, text] of Object.entries(row.text)) expect(text).toBe(op[field]);
        }
        // every op is in the audit and used up its number
        expect(await count('audit', device)).toBe(ops.length);
        // sent again, each is a duplicate that repeats how it fared
        const again = await post('/api/sync/push', who, { protocol: 1, deviceId: device, ops });
        expect(again.status, again.where).toBe(200);
        expect(again.body['results'], again.where).toEqual(
          results.map(({ opId, status, reason, code }) => ({
            opId,
            status: 'duplicate',
            original: status,
            ...(reason === undefined ? {} : { reason, code }),
          })),
        );
        expect(await count('audit', device)).toBe(ops.length);
      }),
      { numRuns: 120 },
    );
  });

  it('[fuzz-text-envelope] such text in the push itself (deviceId, protocol, a key) is a 400 naming it', async () => {
    const device = 'text-envelope';
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('deviceId', 'protocol', EXTRA_KEY),
        spoilArb,
        async (field, how) => {
          const ops = [validOp('mark', device, 1)];
          const body: JsonObject = { protocol: 1, deviceId: device, ops };
          if (field === 'deviceId') body['deviceId'] = spoil(device, how);
          if (field === 'protocol') body['protocol'] = spoil('1', how);
          if (field === EXTRA_KEY)
            Object.defineProperty(body, spoil('ops', how), {
              value: [],
              enumerable: true,
              writable: true,
            });
          await expectInvalid('/api/sync/push', 'office', body, [
            field === EXTRA_KEY ? 'Unrecognized key' : field,
          ]);
        },
      ),
      { numRuns: 40 },
    );
    expect(await count('audit', device)).toBe(0);
  });

  it('[fuzz-text-malformed] such an op is rejected even when malformed otherwise; without a readable deviceSeq, the push is a 400', async () => {
    const device = 'text-malformed';
    const hostile: JsonObject = { ...validOp('mark', device, 1), reason: 'ill\u0000' };
    const noDate = Object.fromEntries(Object.entries(hostile).filter(([key]) => key !== 'date'));
    const good = validOp('movement', device, 2);
    const res = await post('/api/sync/push', 'office', {
      protocol: 1,
      deviceId: device,
      ops: [noDate, good],
    });
    expect(res.status, res.where).toBe(200);
    expect(res.body['results'], res.where).toEqual([
      {
        opId: hostile['opId'],
        status: 'rejected',
        code: 'invalid-text',
        reason: expect.stringContaining('Field reason contains a NUL character') as unknown,
      },
      { opId: good['opId'], status: 'applied' },
    ]);
    await expectInvalid(
      '/api/sync/push',
      'office',
      {
        protocol: 1,
        deviceId: device,
        ops: [{ ...validOp('mark', device, 3), deviceSeq: 'three', note: '\udc00' }],
      },
      ['ops.0.deviceSeq'],
    );
    expect(await count('audit', device)).toBe(2);
  });

  it('[fuzz-text-login] such text in a username, password or school is a 400 naming it, and no failed sign-in', async () => {
    const fieldsArb = fc
      .record({
        username: fc.option(spoilArb, { nil: undefined }),
        password: fc.option(spoilArb, { nil: undefined }),
        school: fc.option(spoilArb, { nil: undefined }),
        key: fc.option(spoilArb, { nil: undefined }),
      })
      .filter((f) => Object.values(f).some((v) => v !== undefined));
    await fc.assert(
      fc.asyncProperty(fieldsArb, async (f) => {
        const body: JsonObject = {
          username: f.username === undefined ? 'office' : spoil('office', f.username),
          password: f.password === undefined ? PASSWORD : spoil(PASSWORD, f.password),
        };
        if (f.school !== undefined) body['school'] = spoil('100001', f.school);
        if (f.key !== undefined)
          Object.defineProperty(body, spoil('username', f.key), {
            value: 'office',
            enumerable: true,
            writable: true,
          });
        const names = [
          ...(['username', 'password', 'school'] as const).filter((n) => f[n] !== undefined),
          ...(f.key === undefined ? [] : ['Unrecognized key']),
        ];
        await expectInvalid('/api/auth/login', null, body, names);
      }),
      { numRuns: 80 },
    );
    // 80 refusals later the address and the account are not locked: none was a failed sign-in
    const ok = await post('/api/auth/login', null, { username: 'office', password: PASSWORD });
    expect(ok.status, ok.where).toBe(200);
  });

  it('[fuzz-text-address] such characters in a path or query parameter are a 400 or 404, never a 5xx', async () => {
    /** A character as an address carries it: %00, or a lone surrogate's three bytes (not UTF-8). */
    const percent = (char: string): string => {
      const unit = char.charCodeAt(0);
      const bytes =
        unit === 0 ? [0] : [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
      return bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    };
    const spoilEncoded = (base: string, { chars, at: where }: Spoil): string =>
      chars.reduce((out, char, i) => {
        const position = (where[i] ?? 0) % (out.length + 1);
        return `${out.slice(0, position)}${percent(char)}${out.slice(position)}`;
      }, base);
    const addresses: readonly (readonly string[])[] = [
      ['/api/registers/', 'g3b', '/', TODAY, '/', 'AM'],
      ['/api/marks/', 'p1', '/', LAST_FRIDAY, '/', 'PM', '/history'],
      ['/api/office/unexplained?asOf=', TODAY],
      ['/api/office/missing-registers?date=', TODAY],
      ['/api/reports/attendance?from=', '2026-09-02', '&to=', TODAY, '&by=', 'group'],
      ['/api/reports/alerts?asOf=', TODAY],
      ['/api/export/marks.csv?from=', '2026-09-02', '&to=', TODAY],
      ['/api/sync/pull?cursor=', '0', '&limit=', '10'],
    ];
    const office = tokens.get('office') ?? '';
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...addresses),
        fc.nat(),
        spoilArb,
        async (parts, pick, how) => {
          // the parts at odd places are the parameters: spoil one of them
          const params = parts.flatMap((_, i) => (i % 2 === 1 ? [i] : []));
          const target = params[pick % params.length] ?? 1;
          const path = parts
            .map((part, i) => (i === target ? spoilEncoded(part, how) : part))
            .join('');
          const response = await fetch(`${server.url}${path}`, {
            headers: { authorization: `Bearer ${office}` },
          });
          const text = await response.text();
          const where = `${path} → ${String(response.status)} ${text.slice(0, 300)}`;
          expect([400, 404], where).toContain(response.status);
          expect(response.headers.get('content-type') ?? '', where).toMatch(/^application\/json/);
          const body = JSON.parse(text) as { error?: unknown; message?: unknown };
          expect(KNOWN_ERRORS, where).toContain(body.error);
          expect(body.message, where).toEqual(expect.stringMatching(/\S/));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('[fuzz-text-bytes] a JSON body that is not UTF-8 is a 400, not read as U+FFFD', async () => {
    for (const bytes of [[0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xc3], [0xff], [0xc0, 0x80]]) {
      const body = Buffer.concat([
        Buffer.from('{"username":"office","password":"'),
        Buffer.from(bytes),
        Buffer.from('"}'),
      ]);
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'bad-request',
        message: 'The request body is not valid UTF-8.',
      });
    }
  });

  it('[fuzz-text-stored] any storable text in a reason or note is stored exactly as sent (trimmed)', async () => {
    const textArb = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 60 })
      .filter((text) => isStorable(text) && text.trim() !== '');
    await fc.assert(
      fc.asyncProperty(textArb, textArb, async (reason, note) => {
        devices += 1;
        const device = `text-${String(devices)}`;
        const op: JsonObject = { ...validOp('mark', device, 1), reason, note };
        const res = await post('/api/sync/push', 'office', {
          protocol: 1,
          deviceId: device,
          ops: [op],
        });
        expect(res.body['results'], res.where).toEqual([{ opId: op['opId'], status: 'applied' }]);
        const row = await server.store.db
          .selectFrom('amendments')
          .select(['reason', 'note'])
          .where('op_id', '=', `${device}-1`)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ reason: reason.trim(), note: note.trim() });
      }),
      { numRuns: 60 },
    );
  });
});

/** Every text field of a school bundle, by path, with a valid value where the fixture has none. */
const BUNDLE_TEXT: readonly (readonly [path: readonly (string | number)[], base?: string])[] = [
  [['school', 'name']],
  [['school', 'urn']],
  [['school', 'liveFrom']],
  [['school', 'preset'], 'lady-byron'],
  [['school', 'sessionTimes', 'AM', 'opens']],
  [['school', 'settings', 'bands', 0, 'name'], 'Good'],
  [['school', 'settings', 'letterThresholds', 0, 'id'], 'first'],
  [['school', 'settings', 'letterThresholds', 0, 'label'], 'First letter'],
  [['calendar', 'terms', 0, 'name']],
  [['calendar', 'terms', 0, 'start']],
  [['calendar', 'closures', 0, 'note']],
  [['calendar', 'closures', 0, 'code']],
  [['groups', 0, 'id']],
  [['groups', 1, 'name']],
  [['pupils', 0, 'id']],
  [['pupils', 1, 'upn']],
  [['pupils', 2, 'givenName']],
  [['pupils', 3, 'familyName']],
  [['pupils', 4, 'preferredName'], 'Pip 🐣'],
  [['pupils', 5, 'groupId']],
  [['pupils', 6, 'dateOfBirth']],
  [['pupils', 7, 'contacts', 0, 'name']],
  [['pupils', 0, 'contacts', 0, 'relationship']],
  [['pupils', 1, 'contacts', 0, 'phone']],
  [['staff', 0, 'username']],
  [['staff', 1, 'password']],
  [['staff', 2, 'name']],
  [['staff', 3, 'position']],
  [['staff', 0, 'groups', 0]],
];

/** `pupils[0].contacts[0].name`, as validateBundle names a path. */
const bundlePath = (path: readonly (string | number)[]): string =>
  path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${String(key)}]` : out === '' ? key : `${out}.${key}`,
    '',
  );

function setAt(root: unknown, path: readonly (string | number)[], value: string): void {
  let at = root as Record<string | number, unknown>;
  path.slice(0, -1).forEach((key, i) => {
    const next = path[i + 1];
    at[key] ??= typeof next === 'number' ? [] : {};
    at = at[key] as Record<string | number, unknown>;
  });
  const last = path[path.length - 1];
  if (last !== undefined) at[last] = value;
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (at, key) => (at as Record<string | number, unknown> | undefined)?.[key],
    root,
  );
}

/** The fixture with settings that hold text, so that every field above exists. */
function textBundle(): JsonObject {
  const bundle = structuredClone(smallSchool()) as unknown as JsonObject;
  for (const [path, base] of BUNDLE_TEXT)
    if (base !== undefined && getAt(bundle, path) === undefined) setAt(bundle, path, base);
  const settings = getAt(bundle, ['school', 'settings']) as JsonObject;
  Object.assign((settings['bands'] as JsonObject[])[0] ?? {}, {
    tenths: 0,
    comparison: 'at-least',
  });
  Object.assign((settings['letterThresholds'] as JsonObject[])[0] ?? {}, {
    tenths: 900,
    comparison: 'below',
  });
  return bundle;
}

describe('[fuzz-text-import] such text in any field of a school bundle', () => {
  it('the bundle with every text field filled in is valid as it is', () => {
    const check = validateBundle(textBundle());
    expect(check.ok ? [] : check.error).toEqual([]);
  });

  it('is a problem at that field’s path, so nothing is imported', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: BUNDLE_TEXT.length - 1 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(spoilArb, { minLength: 3, maxLength: 3 }),
        (picks, spoils) => {
          const bundle = textBundle();
          const paths = picks.map((i) => BUNDLE_TEXT[i]?.[0] ?? []);
          paths.forEach((path, i) => {
            const how = spoils[i];
            if (how !== undefined) setAt(bundle, path, spoil(String(getAt(bundle, path)), how));
          });
          const check = validateBundle(bundle);
          expect(check.ok).toBe(false);
          if (check.ok) return;
          for (const path of paths)
            expect(check.error).toContainEqual({
              path: bundlePath(path),
              message: expect.stringMatching(/^must not contain (a NUL|a lone UTF-16)/) as unknown,
            });
        },
      ),
      { numRuns: 300 },
    );
  });
});
