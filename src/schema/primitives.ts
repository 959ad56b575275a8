/**
 * zod schemas for the small values every record and message is built from. Shared by the server
 * (request bodies, imports) and the client (sync payloads, data read back from IndexedDB).
 */
import { z } from 'zod';
import { isHhmm, isIsoDate } from '../domain/dates.ts';

/** Ids are opaque strings chosen by the school's system or the client (opIds are UUIDs). */
export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may only hold letters, digits and . _ : -');

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, 'must be a real date in the form yyyy-mm-dd');

export const hhmmSchema = z.string().refine(isHhmm, 'must be a time in the form HH:mm (24-hour)');

/** An instant with its offset, e.g. 2026-11-23T08:52:10.123Z. */
export const instantSchema = z.iso.datetime({ offset: true, message: 'must be an ISO date-time' });

export const sessionSchema = z.enum(['AM', 'PM']);

/** A code's shape only; whether it is valid on its date is a domain rule checked by the server. */
export const codeSchema = z.string().min(1).max(2);

export const shortTextSchema = z.string().trim().min(1).max(500);
export const nameSchema = z.string().trim().min(1).max(200);
