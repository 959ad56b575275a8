/**
 * Writes a validated school bundle in one transaction: creates the school or updates it in place
 * (matched by URN), upserting groups, pupils and staff by id. Nothing is deleted: a pupil missing
 * from a later bundle keeps their registers (kept six years, docs/attendance-rules.md §4). Staff
 * passwords are hashed with scrypt; a re-import without a password keeps the existing one.
 */
import type { Kysely, Transaction } from 'kysely';
import type { SchoolBundle } from '../../schema/bundle.ts';
import { hashPassword, UNUSABLE_PASSWORD } from '../auth/passwords.ts';
import type { Database } from '../store/schema.ts';
import { bumpVersion } from '../store/versions.ts';
import type { ValidBundle } from './validateBundle.ts';

export interface ImportSummary {
  readonly schoolId: string;
  readonly created: boolean;
  readonly groups: number;
  readonly pupils: number;
  readonly staff: number;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

async function upsertSchool(
  trx: Transaction<Database>,
  valid: ValidBundle,
  importedAt: string,
): Promise<{ id: string; created: boolean; version: number }> {
  const { school } = valid.bundle;
  const existing = await trx
    .selectFrom('schools')
    .select('id')
    .where('urn', '=', school.urn)
    .executeTakeFirst();
  const id = existing?.id ?? `school-${school.urn}`;
  const fields = {
    name: school.name,
    time_zone: school.timeZone,
    session_times: JSON.stringify(school.sessionTimes),
    settings: JSON.stringify(valid.settings),
    calendar: JSON.stringify(valid.bundle.calendar),
  };
  if (existing === undefined) {
    await trx
      .insertInto('schools')
      .values({
        id,
        urn: school.urn,
        ...fields,
        live_from: school.liveFrom ?? importedAt.slice(0, 10),
        closed_through: null,
        version: 0,
        ref_version: 0,
        op_seq: 0,
        created_at: importedAt,
      })
      .execute();
  } else {
    await trx
      .updateTable('schools')
      .set({ ...fields, ...(school.liveFrom === undefined ? {} : { live_from: school.liveFrom }) })
      .where('id', '=', id)
      .execute();
  }
  const version = await bumpVersion(trx, id);
  await trx.updateTable('schools').set({ ref_version: version }).where('id', '=', id).execute();
  return { id, created: existing === undefined, version };
}

async function upsertGroups(
  trx: Transaction<Database>,
  schoolId: string,
  bundle: SchoolBundle,
  version: number,
): Promise<void> {
  for (const part of chunks(bundle.groups)) {
    if (part.length === 0) continue;
    await trx
      .insertInto('groups')
      .values(
        part.map((g) => ({
          school_id: schoolId,
          id: g.id,
          name: g.name,
          year_group: g.yearGroup,
          session_times: g.sessionTimes === null ? null : JSON.stringify(g.sessionTimes),
          version,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['school_id', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          year_group: eb.ref('excluded.year_group'),
          session_times: eb.ref('excluded.session_times'),
          version: eb.ref('excluded.version'),
        })),
      )
      .execute();
  }
}

async function upsertPupils(
  trx: Transaction<Database>,
  schoolId: string,
  bundle: SchoolBundle,
  version: number,
): Promise<void> {
  for (const part of chunks(bundle.pupils)) {
    await trx
      .insertInto('pupils')
      .values(
        part.map((p) => ({
          school_id: schoolId,
          id: p.id,
          upn: p.upn,
          given_name: p.givenName,
          family_name: p.familyName,
          preferred_name: p.preferredName ?? null,
          date_of_birth: p.dateOfBirth,
          sex: p.sex,
          group_id: p.groupId,
          admission_date: p.admissionDate,
          leaving_date: p.leavingDate ?? null,
          flags: JSON.stringify(p.flags),
          contacts: JSON.stringify(p.contacts),
          version,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['school_id', 'id']).doUpdateSet((eb) => ({
          upn: eb.ref('excluded.upn'),
          given_name: eb.ref('excluded.given_name'),
          family_name: eb.ref('excluded.family_name'),
          preferred_name: eb.ref('excluded.preferred_name'),
          date_of_birth: eb.ref('excluded.date_of_birth'),
          sex: eb.ref('excluded.sex'),
          group_id: eb.ref('excluded.group_id'),
          admission_date: eb.ref('excluded.admission_date'),
          leaving_date: eb.ref('excluded.leaving_date'),
          flags: eb.ref('excluded.flags'),
          contacts: eb.ref('excluded.contacts'),
          version: eb.ref('excluded.version'),
        })),
      )
      .execute();
  }
}

async function upsertStaff(
  trx: Transaction<Database>,
  schoolId: string,
  bundle: SchoolBundle,
  version: number,
): Promise<void> {
  for (const member of bundle.staff) {
    const id = member.username.toLowerCase();
    const hash = member.password === undefined ? undefined : await hashPassword(member.password);
    await trx
      .insertInto('staff')
      .values({
        school_id: schoolId,
        id,
        username: member.username,
        name: member.name,
        position: member.position,
        role: member.role,
        groups: JSON.stringify(member.groups),
        password_hash: hash ?? UNUSABLE_PASSWORD,
        active: true,
        version,
      })
      .onConflict((oc) =>
        oc.columns(['school_id', 'id']).doUpdateSet({
          username: member.username,
          name: member.name,
          position: member.position,
          role: member.role,
          groups: JSON.stringify(member.groups),
          active: true,
          version,
          ...(hash === undefined ? {} : { password_hash: hash }),
        }),
      )
      .execute();
  }
}

/** Imports (or re-imports) a validated bundle atomically. */
export async function importBundle(
  db: Kysely<Database>,
  valid: ValidBundle,
  importedAt: string,
): Promise<ImportSummary> {
  return db.transaction().execute(async (trx) => {
    const school = await upsertSchool(trx, valid, importedAt);
    await upsertGroups(trx, school.id, valid.bundle, school.version);
    await upsertPupils(trx, school.id, valid.bundle, school.version);
    await upsertStaff(trx, school.id, valid.bundle, school.version);
    return {
      schoolId: school.id,
      created: school.created,
      groups: valid.bundle.groups.length,
      pupils: valid.bundle.pupils.length,
      staff: valid.bundle.staff.length,
    };
  });
}
