/**
 * Signing in (docs/sync-protocol.md §2): what the server answers to a sign-in and to
 * `GET /api/me`. A device reads the answer with the schema the server's routes are typed by; the
 * request is `loginRequestSchema` in `requests.ts`.
 */
import { z } from 'zod';
import { roleSchema } from './reference.ts';
import { idSchema, instantSchema } from './primitives.ts';

/** `GET /api/me`: who the token belongs to, their school, and when the token expires. */
export const meResponseSchema = z.object({
  staff: z.object({
    id: idSchema,
    name: z.string(),
    position: z.string(),
    role: roleSchema,
    groups: z.array(idSchema),
  }),
  school: z.object({ id: idSchema, urn: z.string(), name: z.string() }),
  expiresAt: instantSchema,
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/**
 * A sign-in as the device keeps it: the token with the answer of `GET /api/me`. The device reads
 * the sign-in's answer with this, and its `serverTime` apart (a server before it left it out).
 */
export const signedInSchema = meResponseSchema.extend({ token: z.string().min(1) });
export type SignedIn = z.infer<typeof signedInSchema>;

/** `POST /api/auth/login`: the sign-in, and the server's clock to measure the device's against. */
export const loginResponseSchema = signedInSchema.extend({ serverTime: instantSchema });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** `POST /api/auth/logout`. */
export const logoutResponseSchema = z.object({ ok: z.literal(true) });
