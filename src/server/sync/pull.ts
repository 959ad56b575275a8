/**
 * Pull (docs/sync-protocol.md §6): every change after the client's cursor, in version order,
 * filtered by what the signed-in member of staff may see — teachers their own groups, everyone else
 * the school; first-day calls to families go to the office and admin only.
 *
 * The cursor is the school's version counter (versions.ts), read first as an upper bound: every
 * version at or below it has committed, so paging by `version > cursor` never skips a change that
 * commits late. A page never splits one version, so the next cursor is always a whole version.
 */
import type { Kysely } from 'kysely';
import type { PullChange, PullPage } from '../../schema/sync.ts';
import type { Session } from '../auth/service.ts';
import { amendmentFromRow, callFromRow, movementFromRow } from '../store/rows.ts';
import type { Database } from '../store/schema.ts';
import { rollCallStepFromRow } from '../store/rollCalls.ts';

/** One change of a pull page: the protocol's `pullChangeSchema`. */
export type Change = PullChange;

function visibleGroups(session: Session): readonly string[] | null {
  return session.staff.role === 'teacher' ? session.staff.groups : null;
}

/** Calls to families are the office's work: teachers and reception never receive them. */
function seesCalls(session: Session): boolean {
  return session.staff.role === 'office' || session.staff.role === 'admin';
}

async function referenceChanges(
  db: Kysely<Database>,
  session: Session,
  cursor: number,
  upper: number,
): Promise<Change[]> {
  const { school } = session;
  if (school.refVersion <= cursor) return [];
  const groups = visibleGroups(session);
  const row = await db
    .selectFrom('schools')
    .selectAll()
    .where('id', '=', school.id)
    .executeTakeFirstOrThrow();
  const changes: Change[] = [];
  if (row.ref_version > cursor && row.ref_version <= upper) {
    changes.push({
      type: 'school',
      version: row.ref_version,
      data: {
        id: row.id,
        urn: row.urn,
        name: row.name,
        timeZone: row.time_zone,
        settings: JSON.parse(row.settings),
        calendar: JSON.parse(row.calendar),
      },
    });
  }
  const [groupRows, pupilRows, staffRows] = await Promise.all([
    db
      .selectFrom('groups')
      .select(['id', 'version'])
      .where('school_id', '=', school.id)
      .where('version', '>', cursor)
      .where('version', '<=', upper)
      .execute(),
    db
      .selectFrom('pupils')
      .select(['id', 'version', 'group_id'])
      .where('school_id', '=', school.id)
      .where('version', '>', cursor)
      .where('version', '<=', upper)
      .execute(),
    db
      .selectFrom('staff')
      .select(['id', 'version'])
      .where('school_id', '=', school.id)
      .where('version', '>', cursor)
      .where('version', '<=', upper)
      .execute(),
  ]);
  for (const g of groupRows) {
    const data = school.groups.get(g.id);
    if (data !== undefined && (groups === null || groups.includes(g.id)))
      changes.push({ type: 'group', version: g.version, data });
  }
  for (const p of pupilRows) {
    const data = school.pupils.get(p.id);
    if (data !== undefined && (groups === null || groups.includes(p.group_id)))
      changes.push({ type: 'pupil', version: p.version, data });
  }
  for (const s of staffRows) {
    const data = school.staff.get(s.id);
    if (data !== undefined)
      changes.push({
        type: 'staff',
        version: s.version,
        data: {
          id: data.id,
          name: data.name,
          position: data.position,
          role: data.role,
          groups: data.groups,
        },
      });
  }
  return changes;
}

interface VersionRange {
  readonly after: number;
  readonly upTo: number;
}

async function markChanges(
  db: Kysely<Database>,
  session: Session,
  range: VersionRange,
  limit: number | undefined,
): Promise<{ changes: Change[]; safeUpTo: number }> {
  const groups = visibleGroups(session);
  if (groups !== null && groups.length === 0) return { changes: [], safeUpTo: range.upTo };
  const schoolId = session.school.id;
  let amendments = db
    .selectFrom('amendments')
    .selectAll('amendments')
    .where('amendments.school_id', '=', schoolId)
    .where('amendments.version', '>', range.after)
    .where('amendments.version', '<=', range.upTo);
  let movements = db
    .selectFrom('movements')
    .selectAll('movements')
    .where('movements.school_id', '=', schoolId)
    .where('movements.version', '>', range.after)
    .where('movements.version', '<=', range.upTo);
  if (groups !== null) {
    amendments = amendments
      .innerJoin('pupils', (j) =>
        j
          .onRef('pupils.school_id', '=', 'amendments.school_id')
          .onRef('pupils.id', '=', 'amendments.pupil_id'),
      )
      .where('pupils.group_id', 'in', groups);
    movements = movements
      .innerJoin('pupils', (j) =>
        j
          .onRef('pupils.school_id', '=', 'movements.school_id')
          .onRef('pupils.id', '=', 'movements.pupil_id'),
      )
      .where('pupils.group_id', 'in', groups);
  }
  let calls = db
    .selectFrom('calls')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('version', '>', range.after)
    .where('version', '<=', range.upTo);
  // Fire roll calls go to every role: a teacher receives the starts and ends, and the ticks of
  // pupils in their own groups.
  let rollCalls = db
    .selectFrom('roll_call_steps')
    .selectAll('roll_call_steps')
    .where('roll_call_steps.school_id', '=', schoolId)
    .where('roll_call_steps.version', '>', range.after)
    .where('roll_call_steps.version', '<=', range.upTo);
  if (groups !== null)
    rollCalls = rollCalls
      .leftJoin('pupils', (j) =>
        j
          .onRef('pupils.school_id', '=', 'roll_call_steps.school_id')
          .onRef('pupils.id', '=', 'roll_call_steps.pupil_id'),
      )
      .where((eb) =>
        eb.or([eb('roll_call_steps.pupil_id', 'is', null), eb('pupils.group_id', 'in', groups)]),
      );
  rollCalls = rollCalls.orderBy('roll_call_steps.version').orderBy('roll_call_steps.seq');
  if (limit !== undefined) rollCalls = rollCalls.limit(limit + 1);
  amendments = amendments.orderBy('amendments.version').orderBy('amendments.seq');
  movements = movements.orderBy('movements.version').orderBy('movements.seq');
  calls = calls.orderBy('version').orderBy('seq');
  if (limit !== undefined) {
    amendments = amendments.limit(limit + 1);
    movements = movements.limit(limit + 1);
    calls = calls.limit(limit + 1);
  }
  const [a, m, c, r] = await Promise.all([
    amendments.execute(),
    movements.execute(),
    seesCalls(session) ? calls.execute() : [],
    rollCalls.execute(),
  ]);
  // A list cut at limit+1 rows is complete only below its last version.
  let safeUpTo = range.upTo;
  for (const rows of [a, m, c, r]) {
    const last = rows[rows.length - 1];
    if (limit !== undefined && rows.length > limit && last !== undefined)
      safeUpTo = Math.min(safeUpTo, last.version - 1);
  }
  const changes = [
    ...a.map((row): Change => ({
      type: 'amendment',
      version: row.version,
      data: amendmentFromRow(row),
    })),
    ...m.map((row): Change => ({
      type: 'movement',
      version: row.version,
      data: movementFromRow(row),
    })),
    ...c.map((row): Change => ({ type: 'call', version: row.version, data: callFromRow(row) })),
    ...r.map((row): Change => ({
      type: 'rollcall',
      version: row.version,
      data: rollCallStepFromRow(row),
    })),
  ];
  return { changes, safeUpTo };
}

/** Takes whole versions, oldest first, while the page stays within `limit` (always at least one). */
function takeWholeVersions(sorted: readonly Change[], limit: number): Change[] {
  let end = 0;
  while (end < sorted.length) {
    const version = sorted[end]?.version;
    let next = end;
    while (next < sorted.length && sorted[next]?.version === version) next += 1;
    if (end > 0 && next > limit) break;
    end = next;
  }
  return sorted.slice(0, end);
}

export async function pull(
  db: Kysely<Database>,
  session: Session,
  cursor: number,
  limit: number,
): Promise<PullPage> {
  const { version: upper } = await db
    .selectFrom('schools')
    .select('version')
    .where('id', '=', session.school.id)
    .executeTakeFirstOrThrow();
  if (cursor >= upper) return { changes: [], cursor: Math.min(cursor, upper), hasMore: false };
  const range = { after: cursor, upTo: upper };
  const [reference, marks] = await Promise.all([
    referenceChanges(db, session, cursor, upper),
    markChanges(db, session, range, limit),
  ]);
  let safeUpTo = marks.safeUpTo;
  let candidates = [...reference, ...marks.changes].filter((c) => c.version <= safeUpTo);
  if (candidates.length === 0 && safeUpTo < upper) {
    // One version holds more than `limit` changes: send that version whole.
    const single = safeUpTo + 1;
    const whole = await markChanges(db, session, { after: single - 1, upTo: single }, undefined);
    candidates = [...reference.filter((c) => c.version === single), ...whole.changes];
    safeUpTo = single;
  }
  const sorted = candidates.sort((x, y) => x.version - y.version);
  const changes = takeWholeVersions(sorted, limit);
  const cutByLimit = changes.length < sorted.length;
  const next = cutByLimit ? (changes[changes.length - 1]?.version ?? cursor) : safeUpTo;
  return { changes, cursor: next, hasMore: next < upper };
}
