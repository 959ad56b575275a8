/**
 * The database schema as an ordered list of migrations. Migrations only ever add: a register
 * entry must be kept for six years (docs/attendance-rules.md §4) and older app versions keep
 * syncing, so no migration may drop or rename a column or table (`migrations.test.ts` enforces
 * this).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

export interface SqlMigration {
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly SqlMigration[] = [
  {
    name: '0001-initial',
    statements: [
      `create table schools (
        id text primary key,
        urn text not null unique,
        name text not null,
        time_zone text not null,
        session_times text not null,
        settings text not null,
        calendar text not null,
        live_from text not null,
        closed_through text,
        version integer not null default 0,
        ref_version integer not null default 0,
        op_seq integer not null default 0,
        created_at text not null
      )`,
      `create table staff (
        school_id text not null references schools(id),
        id text not null,
        username text not null,
        name text not null,
        position text not null,
        role text not null,
        groups text not null,
        password_hash text not null,
        active boolean not null default true,
        version integer not null,
        primary key (school_id, id)
      )`,
      `create unique index staff_username on staff (school_id, lower(username))`,
      `create table tokens (
        token_hash text primary key,
        school_id text not null references schools(id),
        staff_id text not null,
        created_at text not null,
        expires_at text not null,
        revoked_at text
      )`,
      `create table groups (
        school_id text not null references schools(id),
        id text not null,
        name text not null,
        year_group integer not null,
        session_times text,
        version integer not null,
        primary key (school_id, id)
      )`,
      `create table pupils (
        school_id text not null references schools(id),
        id text not null,
        upn text not null,
        given_name text not null,
        family_name text not null,
        preferred_name text,
        date_of_birth text not null,
        sex text not null,
        group_id text not null,
        admission_date text not null,
        leaving_date text,
        flags text not null,
        contacts text not null,
        version integer not null,
        primary key (school_id, id)
      )`,
      `create index pupils_group on pupils (school_id, group_id)`,
      `create table amendments (
        school_id text not null references schools(id),
        op_id text not null,
        seq integer not null,
        pupil_id text not null,
        date text not null,
        session text not null,
        code text,
        arrived_at text,
        minutes_late integer,
        reason text,
        note text,
        based_on text,
        source text not null,
        author_id text,
        device_id text not null,
        device_seq integer,
        recorded_at text not null,
        received_at text not null,
        outcome text not null,
        late_sync boolean not null default false,
        version integer not null,
        primary key (school_id, op_id)
      )`,
      `create index amendments_cell on amendments (school_id, pupil_id, date, session, seq)`,
      `create index amendments_version on amendments (school_id, version)`,
      // A cell's mark is its amendment whose outcome is `current` (resolveCell's head), so no
      // second table has to be written on every mark; `cells` is a view for reading.
      `create index amendments_current on amendments (school_id, date) include (pupil_id, code) where outcome = 'current'`,
      `create index amendments_conflict on amendments (school_id, date) where outcome = 'conflict'`,
      `create view cells as
         select a.school_id, a.pupil_id, a.date, a.session, a.op_id as head_op_id, a.code,
                exists (select 1 from amendments c
                        where c.school_id = a.school_id and c.pupil_id = a.pupil_id and c.date = a.date
                          and c.session = a.session and c.outcome = 'conflict') as conflict,
                a.version
         from amendments a where a.outcome = 'current'`,
      `create table movements (
        school_id text not null references schools(id),
        op_id text not null,
        seq integer not null,
        pupil_id text not null,
        date text not null,
        direction text not null,
        at text not null,
        reason text,
        accompanied_by text,
        author_id text not null,
        device_id text not null,
        device_seq integer not null,
        recorded_at text not null,
        received_at text not null,
        version integer not null,
        primary key (school_id, op_id)
      )`,
      `create index movements_version on movements (school_id, version)`,
      `create table device_seqs (
        school_id text not null references schools(id),
        device_id text not null,
        author_id text not null,
        last_seq integer not null,
        primary key (school_id, device_id, author_id)
      )`,
      `create table audit (
        id bigserial primary key,
        school_id text not null references schools(id),
        received_at text not null,
        device_id text not null,
        author_id text,
        op_id text not null,
        op text not null,
        status text not null,
        reason text
      )`,
      `create index audit_op on audit (school_id, op_id)`,
      // The audit of received ops is evidence: the database itself refuses to change or remove it.
      `create function audit_is_append_only() returns trigger language plpgsql as $$
       begin
         raise exception 'the audit of received operations cannot be changed or deleted';
       end $$`,
      `create trigger audit_no_update before update or delete on audit
         for each row execute function audit_is_append_only()`,
      `create trigger audit_no_truncate before truncate on audit
         for each statement execute function audit_is_append_only()`,
      `create table registers (
        school_id text not null references schools(id),
        group_id text not null,
        date text not null,
        session text not null,
        closed_at text not null,
        taken boolean not null,
        version integer not null,
        primary key (school_id, group_id, date, session)
      )`,
    ],
  },
  {
    name: '0002-audit-rejection-code',
    statements: [
      // The code of a rejection, beside its reason: a duplicate of a rejected op repeats both.
      `alter table audit add column code text`,
    ],
  },
  {
    name: '0003-calls-and-reported-by',
    statements: [
      // Who reported an absence, on an office mark (null on every other, and on rows before 0003).
      `alter table amendments add column reported_by text`,
      // The office's worklist reads every current N with when and by whom it was recorded: a small
      // partial index it can answer from alone, instead of visiting every current mark.
      `create index amendments_current_n on amendments (school_id, date)
         include (pupil_id, session, recorded_at, author_id) where outcome = 'current' and code = 'N'`,
      // First-day calls to families: stored, versioned and pulled like movements.
      `create table calls (
        school_id text not null references schools(id),
        op_id text not null,
        seq integer not null,
        pupil_id text not null,
        date text not null,
        at text not null,
        contact text not null,
        phone text,
        outcome text not null,
        note text,
        author_id text not null,
        device_id text not null,
        device_seq integer not null,
        recorded_at text not null,
        received_at text not null,
        version integer not null,
        primary key (school_id, op_id)
      )`,
      `create index calls_version on calls (school_id, version)`,
      `create index calls_date on calls (school_id, date, pupil_id)`,
    ],
  },
  {
    name: '0004-roll-call-steps',
    statements: [
      // Fire roll calls: each step (start, tick, untick, end) as it was applied, versioned and
      // pulled like a movement; a roll call is the fold of its steps in server order.
      `create table roll_call_steps (
        school_id text not null references schools(id),
        op_id text not null,
        seq integer not null,
        roll_call_id text not null,
        action text not null,
        pupil_id text,
        date text not null,
        author_id text not null,
        device_id text not null,
        device_seq integer not null,
        recorded_at text not null,
        received_at text not null,
        version integer not null,
        primary key (school_id, op_id)
      )`,
      `create index roll_call_steps_version on roll_call_steps (school_id, version)`,
      `create index roll_call_steps_roll_call on roll_call_steps (school_id, roll_call_id)`,
    ],
  },
];

/** Feeds `MIGRATIONS` to Kysely's Migrator (which records what ran and locks concurrent runs). */
export const migrationProvider: MigrationProvider = {
  getMigrations() {
    const entries = MIGRATIONS.map((migration): [string, Migration] => [
      migration.name,
      {
        async up(db: Kysely<unknown>) {
          for (const statement of migration.statements) await sql.raw(statement).execute(db);
        },
      },
    ]);
    return Promise.resolve(Object.fromEntries(entries));
  },
};
