/**
 * Why the server refused an op: a kebab-case code and a sentence for the person whose mark it was.
 * Rejected ops are recorded and reported back to the device; they never block the queue. The
 * codes are the protocol's (`REJECTION_CODES` in `src/schema/rejections.ts`).
 */
import type { RejectionCode } from '../../schema/rejections.ts';

export interface Rejection {
  readonly code: RejectionCode;
  readonly reason: string;
}

export function reject(code: RejectionCode, reason: string): Rejection {
  return { code, reason };
}
