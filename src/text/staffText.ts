/**
 * The words staff read on a device for every failure the device itself finds, by its code: the
 * one place a client code becomes a person's words (style.md "Error codes are kebab-case string
 * unions, mapped to user text in one place"). The server's own failures come with the server's
 * sentence (`API_ERROR_TEXT` in `src/schema/errors.ts` is its default text); a rejected op with
 * the sentence of the rule that refused it.
 *
 * Below storage, so the device database, the sync engine and the screens all take their words
 * from here (docs/architecture.md §1). Pure data: no imports.
 */

/** Why a call to the device database failed without it being a bug. */
export type StorageErrorCode = 'invalid-input' | 'storage-full' | 'corrupt-row';

export const STORAGE_ERROR_TEXT: Readonly<Record<StorageErrorCode, string>> = {
  'invalid-input': 'That could not be saved: some details were not valid.',
  'storage-full':
    'This device has run out of storage space. Nothing was saved: free some space, then try again.',
  'corrupt-row': 'Some data saved on this device could not be read.',
};

/**
 * The sync engine's own failures, beside the server's codes: the server not reached, an answer
 * that is not the protocol's, a fault of the engine, and an op the server held but never
 * confirmed.
 */
export type SyncErrorCode =
  'network' | 'server-unavailable' | 'bad-response' | 'unexpected' | 'unconfirmed';

export const SYNC_ERROR_TEXT: Readonly<Record<SyncErrorCode, string>> = {
  network: 'The server cannot be reached. Your work is kept on this device.',
  'server-unavailable':
    'The server is not answering properly right now. Your work is kept on this device.',
  'bad-response':
    'The server sent an answer this app could not read. Your work is kept on this device and will be sent later.',
  unexpected:
    'Something went wrong while syncing. Your work is kept on this device and will be sent later.',
  unconfirmed:
    'The server already had this change but did not confirm that it was accepted. Check the register and record it again if it is missing.',
};

/** Why signing in did not work, as the sign-in screen tells it. */
export type SignInFailure =
  | 'wrong-credentials'
  | 'too-many-attempts'
  | 'school-required'
  | 'unknown-school'
  | 'offline'
  | 'unreachable'
  | 'server-problem'
  | 'different-person'
  /** The device could not keep the sign-in: the storage error's own words are shown. */
  | 'storage';

export const SIGN_IN_TEXT: Readonly<Record<Exclude<SignInFailure, 'storage'>, string>> = {
  'wrong-credentials': 'That username and password do not match. Check them and try again.',
  'too-many-attempts':
    'Too many attempts to sign in with this username. Wait 15 minutes, then try again.',
  'school-required': 'This server holds more than one school. Enter your school’s URN.',
  'unknown-school': 'No school with that URN uses this server. Check the URN and try again.',
  offline:
    'This device is offline. Signing in needs the school network the first time; once you are signed in, Rollcall keeps working offline.',
  unreachable:
    'The server cannot be reached. Check the Wi-Fi and try again; signing in needs the server the first time.',
  'server-problem': 'The server could not sign you in just now. Try again in a minute.',
  'different-person':
    'Those are someone else’s details. To change who is signed in, choose “Sign in as someone else”.',
};

/** Why the register cannot record a tap now (`planMark` in `src/ui/register/intents.ts`). */
export type Refusal =
  | 'register-not-open'
  | 'register-closed'
  | 'code-not-allowed'
  | 'session-ended'
  | 'no-register'
  | 'arrival-after-session-end'
  | 'arrival-in-future'
  | 'malformed-time';

export const REFUSAL_TEXT: Readonly<Record<Refusal, string>> = {
  'register-not-open': 'The register is not open yet.',
  'register-closed':
    'The register has closed: only a late arrival can be recorded now. Anything else goes to the office.',
  'code-not-allowed': 'That mark is not one a teacher records: the office can change it.',
  'session-ended': 'The session has ended: changes now go through the office.',
  'no-register': 'There is no register for this session.',
  'arrival-after-session-end':
    'That is after the session ended, so no mark can be recorded for it.',
  'arrival-in-future': 'The arrival time cannot be later than now.',
  'malformed-time': 'Enter the arrival time as hours and minutes, for example 08:58.',
};

/** Why the school's details on this device cannot be used yet. */
export type SchoolSetupProblem = 'not-downloaded' | 'unreadable';

/** The office's and the desk's words for a school not yet (or not properly) on the device. */
export const SCHOOL_SETUP_TEXT: Readonly<Record<SchoolSetupProblem, string>> = {
  'not-downloaded':
    'This device has not received the school’s details yet. Connect to the network and wait a moment: the first sync brings the whole school.',
  unreadable:
    'Some of the school’s details saved on this device could not be read. Sign out and in again while online; if that does not help, call for support.',
};

/** Why a register cannot be shown. */
export type RegisterProblem = SchoolSetupProblem | 'unknown-group' | 'invalid-times';

export const REGISTER_PROBLEM_TEXT: Readonly<Record<RegisterProblem, string>> = {
  'not-downloaded':
    'This tablet has not received the school’s details yet. Connect to the network and wait a moment.',
  unreadable:
    'Some of the school’s details saved on this tablet could not be read. Ask the office for help.',
  'unknown-group':
    'This group is not on this tablet. If you are covering it, ask the office to assign the cover, then connect to the network.',
  'invalid-times':
    'This group’s session times could not be read. Ask the office to check the school’s settings.',
};
