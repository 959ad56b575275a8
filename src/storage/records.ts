/**
 * What the device stores, as zod schemas: rows are checked when they are read back from
 * IndexedDB (style.md "zod at every boundary"), because a row may predate the code reading it or
 * have been damaged. Object schemas are not strict: an extra field is dropped, not an error. The
 * reference data, amendments, movements and calls are kept as the server sent them, so their schemas
 * are the protocol's own (`src/schema/reference.ts`, `amendment.ts`), listed here beside the
 * device's own records (the outbox, refused ops, `meta`) as everything the device stores.
 */
import { z } from 'zod';
import { deviceSeqSchema, opSchema } from '../schema/op.ts';
import { idSchema, instantSchema } from '../schema/primitives.ts';
import { err, ok } from '../domain/result.ts';
import type { StorageResult } from './errors.ts';

export {
  amendmentSchema,
  movementSchema,
  type Amendment,
  type Movement,
} from '../schema/amendment.ts';
export { callSchema, type Call } from '../schema/call.ts';
export {
  groupRecordSchema,
  pupilRecordSchema,
  schoolRecordSchema,
  staffRecordSchema,
  type GroupRecord,
  type PupilRecord,
  type SchoolRecord,
  type StaffRecord,
} from '../schema/reference.ts';

/** One queued op. `deviceSeq` repeats `op.deviceSeq` so the outbox can index it. */
export const outboxEntrySchema = z
  .object({
    id: z.number().int(),
    authorId: idSchema,
    deviceSeq: deviceSeqSchema,
    op: opSchema,
    createdAt: instantSchema,
  })
  .refine((entry) => entry.deviceSeq === entry.op.deviceSeq, {
    message: 'deviceSeq differs from the op’s',
    path: ['deviceSeq'],
  });
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

/** An op the server refused, kept with its reason until someone deals with it. */
export const rejectedEntrySchema = z.object({
  opId: idSchema,
  op: opSchema,
  authorId: idSchema,
  /** Kebab-case reason code from the server, e.g. `register-closed`. */
  code: z.string().min(1),
  reason: z.string(),
  at: instantSchema,
});
export type RejectedEntry = z.infer<typeof rejectedEntrySchema>;

/** The values kept in `meta`, by key. */
export const metaValueSchemas = {
  deviceId: idSchema,
  /** Last used `deviceSeq` of one author on this device; 0 before the first op. */
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Pull cursor of one member of staff: the server's version counter. */
  cursor: z.number().int().min(0),
  /** Server time minus device time, in milliseconds, seen at the last sync. */
  clockOffsetMs: z.number(),
} as const;

/**
 * Checks rows read back from `table`. A corrupt row is neither thrown nor dropped: the whole read
 * fails with `corrupt-row`, naming every bad row's key, so the caller can show it.
 */
export function parseRows<S extends z.ZodType>(
  table: string,
  schema: S,
  rows: readonly unknown[],
  keyOf: (row: unknown) => unknown,
): StorageResult<z.infer<S>[]> {
  const parsed: z.infer<S>[] = [];
  const badKeys: unknown[] = [];
  let firstIssue = '';
  for (const row of rows) {
    const result = schema.safeParse(row);
    if (result.success) parsed.push(result.data);
    else {
      badKeys.push(keyOf(row));
      firstIssue ||= result.error.issues[0]?.message ?? '';
    }
  }
  if (badKeys.length === 0) return ok(parsed);
  const message = `${String(badKeys.length)} saved row(s) in ${table} could not be read (${firstIssue}).`;
  return err({ code: 'corrupt-row', message, table, keys: badKeys });
}

/** The value of a row's `key` property, for error reports. */
export function keyProperty(name: string): (row: unknown) => unknown {
  return (row) =>
    typeof row === 'object' && row !== null && name in row
      ? (row as Record<string, unknown>)[name]
      : undefined;
}

/** `parseRows` for a single row that may be missing. */
export function parseRow<S extends z.ZodType>(
  table: string,
  schema: S,
  row: unknown,
  key: unknown,
): StorageResult<z.infer<S> | undefined> {
  if (row === undefined) return ok(undefined);
  const result = parseRows(table, schema, [row], () => key);
  return result.ok ? ok(result.value[0]) : result;
}
