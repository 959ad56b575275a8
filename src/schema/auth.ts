/**
 * The sign-in request (docs/sync-protocol.md §2 `POST /api/auth/login`). Shared, so a device
 * refuses text the server would refuse before sending it.
 */
import { z } from 'zod';
import { storedTextSchema } from './primitives.ts';

export const loginRequestSchema = z.strictObject({
  /** The school's URN; may be left out when the server hosts one school. */
  school: storedTextSchema.min(1).max(20).optional(),
  username: storedTextSchema.min(1).max(100),
  password: storedTextSchema.min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;
