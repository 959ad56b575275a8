/**
 * The device's IndexedDB database (docs/architecture.md §5), through Dexie.
 *
 * Schema versions are append-only: a shipped version is never edited. A change adds, in the
 * constructor, `this.version(N).stores({ …changed tables only… })` (with `.upgrade(async (tx) =>
 * …)` when rows must change), and the upgrade tests in db.test.ts prove that a populated earlier
 * database, its outbox above all, survives it.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { Amendment, Movement } from '../schema/amendment.ts';
import type { SignedIn } from '../schema/auth.ts';
import type { Call } from '../schema/call.ts';
import type { RollCallStepRecord } from '../schema/rollCall.ts';
import type { GroupRecord, PupilRecord, SchoolRecord, StaffRecord } from '../schema/reference.ts';
import type { OutboxEntry, RejectedEntry } from './records.ts';

/** The primary key of the single-record tables `school` and `auth`. */
export const SINGLE_KEY = 'current';

/** Version 1 of the schema (primary key first, then indexes; `''` is an out-of-line key). */
export const SCHEMA_V1 = {
  meta: 'key',
  school: '',
  groups: 'id',
  pupils: 'id, groupId',
  staff: 'id',
  amendments: 'opId, [pupilId+date+session], date',
  movements: 'opId, date, pupilId',
  // Unique indexes are invariants: one row per (author, deviceSeq), one row per opId.
  outbox: '++id, authorId, &[authorId+deviceSeq], &op.opId',
  rejected: 'opId, authorId',
  auth: '',
} as const;

/**
 * Version 2, the tables it changes only: first-day calls to families (pulled by the office and
 * admin), and two indexes on amendments for the office's screens — `code`, so the unexplained
 * worklist reads every `N` without the rest, and `pupilId`, so a pupil's page reads their year.
 * New indexes need no upgrade function: IndexedDB builds them over the rows already there.
 */
export const SCHEMA_V2 = {
  amendments: 'opId, [pupilId+date+session], date, code, pupilId',
  calls: 'opId, pupilId, date',
} as const;

/** Version 3: the steps of fire roll calls (pulled by every role), read by the day. */
export const SCHEMA_V3 = {
  rollCallSteps: 'opId, date',
} as const;

/**
 * Version 4: amendments by `outcome`, so the office's conflicts are found from the index instead
 * of a scan of every stored mark (a year of a school is hundreds of thousands of rows).
 */
export const SCHEMA_V4 = {
  amendments: 'opId, [pupilId+date+session], date, code, pupilId, outcome',
} as const;

/** One `meta` row; the value is checked against `metaValueSchemas` when read. */
export interface MetaRow {
  readonly key: string;
  readonly value: unknown;
}

/**
 * The database, or one transaction's view of it (`db.transaction(…, (tx) => …)` gives tables
 * bound to `tx`). Helpers take this, so inside a transaction they stay in it however deeply they
 * nest native `await`s — Dexie's zone tracking alone loses the transaction after a few.
 */
export type Tables<K extends TableName> = Pick<RollcallDb, K>;

export type TableName =
  | 'meta'
  | 'school'
  | 'groups'
  | 'pupils'
  | 'staff'
  | 'amendments'
  | 'movements'
  | 'calls'
  | 'rollCallSteps'
  | 'outbox'
  | 'rejected'
  | 'auth';

/** The Rollcall database. Give tests a unique `name` each. */
export class RollcallDb extends Dexie {
  declare readonly meta: Table<MetaRow, string>;
  declare readonly school: Table<SchoolRecord, string>;
  declare readonly groups: Table<GroupRecord, string>;
  declare readonly pupils: Table<PupilRecord, string>;
  declare readonly staff: Table<StaffRecord, string>;
  declare readonly amendments: Table<Amendment, string>;
  declare readonly movements: Table<Movement, string>;
  declare readonly calls: Table<Call, string>;
  declare readonly rollCallSteps: Table<RollCallStepRecord, string>;
  declare readonly outbox: EntityTable<OutboxEntry, 'id'>;
  declare readonly rejected: Table<RejectedEntry, string>;
  declare readonly auth: Table<SignedIn, string>;

  constructor(name = 'rollcall') {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2);
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
  }
}
