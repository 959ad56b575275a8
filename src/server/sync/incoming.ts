/**
 * Reading the ops of a push one by one (docs/sync-protocol.md §4). An op is read with the shared
 * zod schema; one that holds text the database cannot store (U+0000, a lone UTF-16 surrogate)
 * anywhere — in a value or a key — is not read further but kept to be `rejected` in its place,
 * naming the field, so the other ops of the push still apply. Such an op needs only a string `opId`
 * (to answer it by) and a valid `deviceSeq` (its place in the queue); without them the push is
 * malformed (400).
 */
import { findUnstorableText, idSchema } from '../../schema/primitives.ts';
import { opSchema, type Op } from '../../schema/op.ts';
import { opPlaceSchema } from '../../schema/requests.ts';
import { err, ok } from '../../domain/result.ts';
import type { Served } from '../failures.ts';
import { reject, type Rejection } from './rejections.ts';

interface Place {
  /** The op's id as the device sent it (the answer names the op by it). */
  readonly opId: string;
  /**
   * The op's id in the audit and for finding duplicates: the id itself, or, for a refused op
   * whose id is not a valid id (it may hold text that cannot be stored), the id as a JSON string —
   * lossless, and never equal to a valid id (those cannot hold a quote).
   */
  readonly key: string;
  readonly deviceSeq: number;
  /** The op as JSON text: what the audit keeps, and what duplicates are compared by. */
  readonly content: string;
}

/** An op that was read, or one refused unread with the reason why. */
export type Incoming = Place &
  (
    { readonly op: Op; readonly refusal: null } | { readonly op: null; readonly refusal: Rejection }
  );

/** The op as it is compared for duplicates: zod output has a fixed key order. */
export function canonical(op: Op): string {
  return JSON.stringify(op);
}

function refusal(raw: unknown): Incoming | null {
  const found = findUnstorableText(raw);
  if (found === null) return null;
  const place = opPlaceSchema.safeParse(raw);
  if (!place.success) return null;
  const { opId, deviceSeq } = place.data;
  return {
    opId,
    key: idSchema.safeParse(opId).success ? opId : JSON.stringify(opId),
    deviceSeq,
    content: JSON.stringify(raw),
    op: null,
    refusal: reject(
      'invalid-text',
      `Field ${found.path} contains ${found.problem}, which cannot be stored; nothing of this change was kept.`,
    ),
  };
}

/**
 * Reads every op of a push sent by `deviceId`, or says why the push cannot be read: each
 * malformed field (`invalid-body`), or an op of another device (`foreign-op`).
 */
export function readOps(deviceId: string, raws: readonly unknown[]): Served<Incoming[]> {
  const items: Incoming[] = [];
  const problems: string[] = [];
  for (const [i, raw] of raws.entries()) {
    const refused = refusal(raw);
    if (refused !== null) {
      items.push(refused);
      continue;
    }
    const parsed = opSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = ['ops', i, ...issue.path].map(String).join('.');
        problems.push(`${path}: ${issue.message}`);
      }
      continue;
    }
    const op = parsed.data;
    if (op.deviceId !== deviceId) return err({ code: 'foreign-op', opId: op.opId });
    items.push({
      opId: op.opId,
      key: op.opId,
      deviceSeq: op.deviceSeq,
      content: canonical(op),
      op,
      refusal: null,
    });
  }
  return problems.length > 0 ? err({ code: 'invalid-body', problems }) : ok(items);
}
