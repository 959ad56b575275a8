/**
 * zod schemas for the small values every record and message is built from. Shared by the server
 * (request bodies, imports) and the client (sync payloads, data read back from IndexedDB).
 */
import { z } from 'zod';
import { isHhmm, isIsoDate } from '../domain/dates.ts';

/**
 * Why a text cannot be stored as it is, or null when it can. PostgreSQL text (and so PGlite)
 * cannot hold U+0000, and a UTF-16 surrogate without its partner is not a character at all: it
 * would reach the database as U+FFFD, changed without anyone being told. Such text is refused,
 * never cleaned up.
 */
export function unstorableIn(text: string): string | null {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit === 0) return 'a NUL character (U+0000)';
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      else return `a lone UTF-16 surrogate (U+${unit.toString(16).toUpperCase()})`;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return `a lone UTF-16 surrogate (U+${unit.toString(16).toUpperCase()})`;
    }
  }
  return null;
}

/** Where unstorable text was found in a value (a key or a string inside it), and what it was. */
export interface UnstorableText {
  /** The path, e.g. `reason` or `contacts[0].name`; a bad key is shown JSON-escaped. */
  readonly path: string;
  readonly problem: string;
}

interface Visit {
  readonly value: unknown;
  readonly parent: Visit | null;
  readonly key: string | number;
}

function pathOf(visit: Visit, lastKey?: string): string {
  const keys: (string | number)[] = lastKey === undefined ? [] : [lastKey];
  for (let at = visit; at.parent !== null; at = at.parent) keys.push(at.key);
  return keys
    .reverse()
    .map((key, i) => {
      if (typeof key === 'number') return `[${String(key)}]`;
      const shown = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
      return i === 0 ? shown : `.${shown}`;
    })
    .join('');
}

/**
 * The first key or string anywhere inside `value` (parsed JSON) that cannot be stored, or null.
 * Walks with its own stack, so deeply nested input cannot overflow the call stack.
 */
export function findUnstorableText(value: unknown): UnstorableText | null {
  const stack: Visit[] = [{ value, parent: null, key: '' }];
  while (stack.length > 0) {
    const visit = stack.pop();
    if (visit === undefined) break;
    const current = visit.value;
    if (typeof current === 'string') {
      const problem = unstorableIn(current);
      if (problem !== null) return { path: pathOf(visit), problem };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1)
        stack.push({ value: current[i] as unknown, parent: visit, key: i });
    } else if (typeof current === 'object' && current !== null) {
      const keys = Object.keys(current);
      for (const key of keys) {
        const problem = unstorableIn(key);
        if (problem !== null) return { path: pathOf(visit, key), problem };
      }
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i] ?? '';
        stack.push({ value: (current as Record<string, unknown>)[key], parent: visit, key });
      }
    }
  }
  return null;
}

/**
 * Any text the server keeps: refused (with the field's path, by whoever parses it) when it holds
 * a character that cannot be stored. Every text field of a record or message starts from this.
 */
export const storedTextSchema = z.string().check((ctx) => {
  const problem = unstorableIn(ctx.value);
  if (problem !== null)
    ctx.issues.push({
      code: 'custom',
      message: `must not contain ${problem}`,
      input: ctx.value,
      params: { unstorable: true },
      continue: false,
    });
});

/** Ids are opaque strings chosen by the school's system or the client (opIds are UUIDs). */
export const idSchema = storedTextSchema
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may only hold letters, digits and . _ : -');

export const isoDateSchema = storedTextSchema.refine(
  isIsoDate,
  'must be a real date in the form yyyy-mm-dd',
);

export const hhmmSchema = storedTextSchema.refine(
  isHhmm,
  'must be a time in the form HH:mm (24-hour)',
);

/** An instant with its offset, e.g. 2026-11-23T08:52:10.123Z. */
export const instantSchema = z.iso.datetime({ offset: true, message: 'must be an ISO date-time' });

export const sessionSchema = z.enum(['AM', 'PM']);

/** A code's shape only; whether it is valid on its date is a domain rule checked by the server. */
export const codeSchema = storedTextSchema.min(1).max(2);

export const shortTextSchema = storedTextSchema.trim().min(1).max(500);
export const nameSchema = storedTextSchema.trim().min(1).max(200);
