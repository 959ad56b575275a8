/**
 * The server's clock as the API shows it (docs/sync-protocol.md §9): `GET /api/health`, and the
 * test clock that moves it when the server runs with `ROLLCALL_TEST_CLOCK=1`.
 */
import { z } from 'zod';
import { instantSchema } from './primitives.ts';

/** `GET /api/health`: answered without a token. */
export const healthResponseSchema = z.object({ ok: z.literal(true), serverTime: instantSchema });
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** `POST /api/test/clock`'s answer: the clock after the move (the request is in `requests.ts`). */
export const testClockResponseSchema = z.object({ now: instantSchema });
export type TestClockResponse = z.infer<typeof testClockResponseSchema>;
