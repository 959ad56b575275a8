/**
 * Every error the API can answer with, as kebab-case codes, and the one place their default
 * human text lives (style.md: error codes mapped to user text in one place). The server sends a
 * code's text unless it has a more precise sentence; a device shows the text the server sent.
 */
import { z } from 'zod';

export type ApiErrorCode =
  | 'bad-request'
  | 'invalid-body'
  | 'unauthorised'
  | 'session-expired'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'sequence-gap'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'protocol-too-old'
  | 'too-many-attempts'
  | 'school-required'
  | 'unknown-school'
  | 'wrong-credentials';

export const API_ERROR_TEXT: Readonly<Record<ApiErrorCode, string>> = {
  'bad-request': 'The request could not be understood.',
  'invalid-body': 'Some of the details sent were not valid.',
  unauthorised: 'Please sign in.',
  'session-expired': 'Your session has ended. Please sign in again.',
  forbidden: 'Your account is not allowed to do that.',
  'not-found': 'That could not be found.',
  'method-not-allowed': 'That action is not available here.',
  'sequence-gap': 'Some changes from this device are missing; it will send them again.',
  'payload-too-large': 'Too much was sent at once.',
  'unsupported-media-type': 'Requests must be sent as JSON.',
  'protocol-too-old': 'This app is out of date. Reload it to update.',
  'too-many-attempts': 'Too many sign-in attempts. Please wait 15 minutes and try again.',
  'school-required': 'Choose your school (its URN) to sign in.',
  'unknown-school': 'No school with that URN uses this server.',
  'wrong-credentials': 'That username and password do not match.',
};

/**
 * Every error's body (docs/sync-protocol.md §1): a code and a sentence, sometimes with more (a
 * 409 adds `expectedSeq`). A fault of the server's own is `server-error`, which has no default text.
 */
export const apiErrorSchema = z.object({
  error: z.custom<ApiErrorCode | 'server-error'>(
    (value) =>
      typeof value === 'string' &&
      (value === 'server-error' || Object.hasOwn(API_ERROR_TEXT, value)),
  ),
  message: z.string(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
