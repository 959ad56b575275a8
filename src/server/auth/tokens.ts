/**
 * Opaque bearer tokens: 32 random bytes given to the client once; only their SHA-256 is stored,
 * so a copy of the database does not let anyone sign in.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** How long a sign-in lasts (a school day and a bit: a tablet signed in at 07:30 lasts the day). */
export const TOKEN_LIFETIME_MS = 14 * 60 * 60 * 1000;
