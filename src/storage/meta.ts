/**
 * Small values in `meta`: the device id, per-author sequence counters, per-staff pull cursors and
 * the clock offset. Every read is checked against `metaValueSchemas`.
 */
import type { z } from 'zod';
import { uuidv7 } from '../schema/ids.ts';
import type { Tables } from './db.ts';
import { err, ok } from '../domain/result.ts';
import { guardQuota, storageError, type StorageResult } from './errors.ts';
import { metaValueSchemas, parseRow } from './records.ts';

export const DEVICE_ID_KEY = 'deviceId';
export const CLOCK_OFFSET_KEY = 'clockOffsetMs';

/** Key of an author's last used `deviceSeq` on this device. */
export function seqKey(authorId: string): string {
  return `seq:${authorId}`;
}

/** Key of a member of staff's pull cursor (each sees different data, so each has one). */
export function cursorKey(staffId: string): string {
  return `cursor:${staffId}`;
}

/** Reads and checks one meta value; `undefined` when it was never written. */
export async function readMeta<S extends z.ZodType>(
  db: Tables<'meta'>,
  key: string,
  schema: S,
): Promise<StorageResult<z.infer<S> | undefined>> {
  const row = await db.meta.get(key);
  return parseRow('meta', schema, row?.value, key);
}

/**
 * This device's id, made on first use (UUID v7). Pass a transaction when the id must commit
 * together with what uses it.
 */
export async function ensureDeviceId(
  db: Tables<'meta'>,
  nowMs: number,
): Promise<StorageResult<string>> {
  const existing = await readMeta(db, DEVICE_ID_KEY, metaValueSchemas.deviceId);
  if (!existing.ok) return existing;
  if (existing.value !== undefined) return ok(existing.value);
  const deviceId = uuidv7(nowMs, crypto.getRandomValues(new Uint8Array(10)));
  await db.meta.put({ key: DEVICE_ID_KEY, value: deviceId });
  return ok(deviceId);
}

/** Server time minus device time (ms) from the last sync; 0 before the first. */
export async function clockOffsetMs(db: Tables<'meta'>): Promise<StorageResult<number>> {
  const read = await readMeta(db, CLOCK_OFFSET_KEY, metaValueSchemas.clockOffsetMs);
  return read.ok ? ok(read.value ?? 0) : read;
}

/** Records the clock offset seen at a sync. */
export function setClockOffsetMs(
  db: Tables<'meta'>,
  offsetMs: number,
): Promise<StorageResult<void>> {
  return guardQuota(async () => {
    if (!Number.isFinite(offsetMs)) return err(storageError('invalid-input'));
    await db.meta.put({ key: CLOCK_OFFSET_KEY, value: offsetMs });
    return ok(undefined);
  });
}
