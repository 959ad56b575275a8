/**
 * What a client sends (docs/sync-protocol.md §2, §4, §6, §8, §9): each request's body, query or
 * path parameters, as the server's routes parse them. Apart from the answers, which a device
 * parses, so a device does not carry the schemas only the server reads.
 */
import { z } from 'zod';
import { deviceSeqSchema, opSchema } from './op.ts';
import {
  idSchema,
  instantSchema,
  isoDateSchema,
  sessionSchema,
  storedTextSchema,
} from './primitives.ts';
import { reportBySchema } from './reads.ts';
import { MAX_PUSH_OPS, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT } from './protocol.ts';

/** `POST /api/auth/login`. */
export const loginRequestSchema = z.strictObject({
  /** The school's URN; may be left out when the server hosts one school. */
  school: storedTextSchema.min(1).max(20).optional(),
  username: storedTextSchema.min(1).max(100),
  password: storedTextSchema.min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** `POST /api/sync/push`. */
export const pushRequestSchema = z.strictObject({
  protocol: z.number().int(),
  deviceId: idSchema,
  ops: z.array(opSchema).max(MAX_PUSH_OPS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * A push as the server reads it first: the envelope, with each op left to be read on its own. An
 * op holding text that cannot be stored is `rejected` by itself and the rest of the push goes on;
 * any other malformed op still makes the whole push a 400.
 */
export const pushEnvelopeSchema = z.strictObject({
  protocol: z.number().int(),
  deviceId: idSchema,
  ops: z.array(z.unknown()).max(MAX_PUSH_OPS),
});

/** What the server must read of an op to reject it: its id and its place in the device's queue. */
export const opPlaceSchema = z.object({ opId: z.string(), deviceSeq: deviceSeqSchema });

/** Digits only: `z.coerce` read '', ' ', '0x10' and '1e3' as numbers. */
const wholeNumber = z
  .string()
  .regex(/^[0-9]{1,10}$/, 'must be a whole number')
  .transform(Number);

/** `GET /api/sync/pull?cursor=C&limit=N` (docs/sync-protocol.md §6). */
export const pullQuerySchema = z.object({
  cursor: wholeNumber.pipe(z.number().max(2 ** 31)).default(0),
  limit: wholeNumber.pipe(z.number().min(1).max(PULL_MAX_LIMIT)).default(PULL_DEFAULT_LIMIT),
});

/** `POST /api/test/clock` (admin only): where the clock should now stand. */
export const testClockRequestSchema = z.strictObject({ now: instantSchema });

const cellParams = z.object({ date: isoDateSchema, session: sessionSchema });

/** `GET /api/registers/:groupId/:date/:session`. */
export const registerParamsSchema = cellParams.extend({ groupId: idSchema });

/** `GET /api/marks/:pupilId/:date/:session/history`. */
export const historyParamsSchema = cellParams.extend({ pupilId: idSchema });

/** `?asOf=DATE` (unexplained absences, alerts); today on the school's clock when left out. */
export const asOfQuerySchema = z.object({ asOf: isoDateSchema.optional() });

/** `?date=DATE` (missing registers); today when left out. */
export const dateQuerySchema = z.object({ date: isoDateSchema.optional() });

/** `?from&to` (the export); `to` is today and `from` 1 August before it when left out. */
export const rangeQuerySchema = z.object({
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});

/** `?from&to&by` (the attendance report). */
export const reportQuerySchema = rangeQuerySchema.extend({ by: reportBySchema.default('pupil') });
