import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';
import { openDatabase, type OpenedDatabase } from './open.ts';
import { storeTargets } from './testTargets.ts';

describe('[migrations] only add', () => {
  const destructive =
    /\b(drop\s+(column|table|index|constraint)|rename\b|alter\s+column\b[^,]*\btype\b|^\s*truncate\b)/i;

  it.each(MIGRATIONS.flatMap((m) => m.statements.map((statement) => [m.name, statement] as const)))(
    '%s never drops or renames anything',
    (_name, statement) => {
      expect(statement).not.toMatch(destructive);
    },
  );

  it('the check itself catches a migration that drops or renames a column', () => {
    expect('alter table amendments drop column reason').toMatch(destructive);
    expect('alter table amendments rename column reason to why').toMatch(destructive);
    expect('ALTER TABLE cells ALTER COLUMN code TYPE varchar(3)').toMatch(destructive);
  });
});

describe.each(storeTargets())('[audit] on $kind, the audit of received ops', (target) => {
  let opened: OpenedDatabase;

  beforeAll(async () => {
    opened = await openDatabase(target.options('audit'));
    await opened.db
      .insertInto('schools')
      .values({
        id: 's-audit',
        urn: '999001',
        name: 'Audit test school',
        time_zone: 'Europe/London',
        session_times: '{}',
        settings: '{}',
        calendar: '{}',
        live_from: '2026-09-01',
        closed_through: null,
        version: 0,
        ref_version: 0,
        op_seq: 0,
        created_at: '2026-09-01T00:00:00.000Z',
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await opened.db
      .insertInto('audit')
      .values({
        school_id: 's-audit',
        received_at: '2026-11-23T09:00:00.000Z',
        device_id: 'd1',
        author_id: 'st1',
        op_id: 'op-audit-1',
        op: '{}',
        status: 'applied',
        reason: null,
      })
      .execute();
  });

  afterAll(async () => {
    await opened.close();
  });

  it('cannot be updated', async () => {
    await expect(
      opened.db.updateTable('audit').set({ status: 'rejected' }).execute(),
    ).rejects.toThrow(/cannot be changed or deleted/);
  });

  it('cannot be deleted', async () => {
    await expect(opened.db.deleteFrom('audit').execute()).rejects.toThrow(
      /cannot be changed or deleted/,
    );
  });

  it('cannot be truncated', async () => {
    await expect(sql`truncate audit`.execute(opened.db)).rejects.toThrow(
      /cannot be changed or deleted/,
    );
  });

  it('still holds the row after the attempts', async () => {
    const rows = await opened.db
      .selectFrom('audit')
      .select(['op_id', 'status'])
      .where('op_id', '=', 'op-audit-1')
      .execute();
    expect(rows).toEqual([{ op_id: 'op-audit-1', status: 'applied' }]);
  });
});
