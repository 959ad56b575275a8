/**
 * Inserting many rows with one array parameter per column: PostgreSQL expands the arrays with
 * `unnest`. Binding thousands of scalar parameters is what makes a VALUES list slow on PGlite;
 * this is three to four times faster there, and on PostgreSQL never meets the 65,535-parameter
 * limit.
 *
 * A column that holds the same value in every row (the school, the device, the author, the time
 * of receipt and the version of a push; a null) is bound once as a scalar instead of as an array
 * of copies. On PGlite every byte and every array element of a parameter costs time, and a push's
 * rows share most of their columns.
 *
 * Columns named in `jsonColumns` hold JSON texts (the audit's copy of each op). They go as ONE
 * `json` array instead of a text array, in which every quote inside them would be escaped, and
 * are stored as each element's text. `json` (unlike `jsonb`) keeps that text exactly as sent.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** Columns that are not text, by name (the same name has the same type in every table). */
const COLUMN_TYPES: Readonly<Record<string, string>> = {
  seq: 'integer',
  minutes_late: 'integer',
  device_seq: 'integer',
  version: 'integer',
  last_seq: 'integer',
  late_sync: 'boolean',
};

type Value = string | number | boolean | null;

interface Column {
  readonly name: string;
  readonly values: readonly Value[];
  readonly isShared: boolean;
  readonly isJson: boolean;
}

function columnsOf(
  rows: readonly Record<string, unknown>[],
  jsonColumns: readonly string[],
): Column[] {
  const names = Object.keys(rows[0] ?? {});
  const columns = names.map((name) => {
    const values = rows.map((row) => (row[name] ?? null) as Value);
    const first = values[0];
    const isJson = jsonColumns.includes(name);
    if (isJson && values.some((v) => typeof v !== 'string'))
      throw new Error(`insertRows: every ${name} must be JSON text`);
    return { name, values, isShared: !isJson && values.every((v) => v === first), isJson };
  });
  // With more than one row, unnest needs at least one array to say how many rows there are.
  if (rows.length > 1 && columns.every((c) => c.isShared) && columns[0] !== undefined)
    columns[0] = { ...columns[0], isShared: false };
  return columns;
}

function typed(value: unknown, name: string, suffix = ''): RawBuilder<unknown> {
  return sql`${value}::${sql.raw(`${COLUMN_TYPES[name] ?? 'text'}${suffix}`)}`;
}

/** The row source for the columns that vary: one set-returning function per column, side by side. */
function rowsFrom(columns: readonly Column[]): RawBuilder<unknown> {
  const functions = columns.map((c) =>
    c.isJson
      ? sql`json_array_elements(${`[${c.values.join(',')}]`}::json)`
      : sql`unnest(${typed(c.values, c.name, '[]')})`,
  );
  return sql`from rows from (${sql.join(functions)}) as u(${sql.join(columns.map((c) => sql.id(c.name)))})`;
}

export async function insertRows<T extends keyof Database>(
  trx: Transaction<Database>,
  table: T,
  rows: readonly Partial<Database[T]>[],
  jsonColumns: readonly (keyof Database[T] & string)[] = [],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = columnsOf(rows, jsonColumns);
  const varying = columns.filter((c) => !c.isShared);
  const selected = columns.map((c) => {
    if (c.isShared) return typed(c.values[0], c.name);
    const ref = sql.ref(`u.${c.name}`);
    return c.isJson ? sql`${ref}::text` : ref;
  });
  const source = varying.length === 0 ? sql`` : rowsFrom(varying);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c.name)))})
    select ${sql.join(selected)} ${source}`.execute(trx);
}
