/**
 * Every sentence the server's HTTP layer answers with, beside each error code's default text
 * (`API_ERROR_TEXT` in `src/schema/errors.ts`, shared with devices as the protocol's): the one
 * place the server's words for staff live. A rejected op's sentence comes with the rule that
 * refused it (`src/domain/rights.ts`, `src/server/sync/validateOp.ts`).
 */

/** "a minute" / "15 minutes", rounded up to whole minutes. */
function minutesText(ms: number): string {
  const minutes = Math.ceil(Math.ceil(ms / 1000) / 60);
  return minutes === 1 ? 'a minute' : `${String(minutes)} minutes`;
}

export const SERVER_TEXT = {
  invalidBody: (problems: readonly string[]): string =>
    `Some of the details sent were not valid — ${problems.slice(0, 10).join('; ')}.`,
  tooManyAttempts: (retryAfterMs: number): string =>
    `Too many sign-in attempts. Please wait ${minutesText(retryAfterMs)} and try again.`,
  foreignOp: (opId: string): string => `Op ${opId} names a different device from the push.`,
  noSuchGroup: 'There is no such group in your school.',
  noSuchPupil: 'There is no such pupil in your school.',
  notYourGroup: 'You can only see the registers of your own groups.',
  otherSite: 'Requests from other sites are not accepted.',
  addressPartTooLong: 'No such address: a part of it is too long.',
  addressNotValid: 'The address is not valid.',
  headersTooLong: 'The address or headers sent are too long.',
  requestTimeout: 'The request took too long to arrive.',
  notUnderstood: 'The request could not be understood.',
  notJson: 'The request body is not valid JSON.',
  notUtf8: 'The request body is not valid UTF-8.',
  noSuchAddress: (method: string, path: string): string => `No such address: ${method} ${path}`,
  otherProtocol: (sent: number, spoken: number): string =>
    `Protocol ${String(sent)} is not spoken here (this server speaks ${String(spoken)}).`,
  sequenceGap: (expectedSeq: number): string =>
    `Changes from this device are missing: send again from number ${String(expectedSeq)}.`,
  periodBackwards: (from: string, to: string): string =>
    `The period starts (${from}) after it ends (${to}).`,
  periodTooLong: 'A report covers at most seven years.',
  serverFault: 'Something went wrong on the server. Nothing you sent was lost; please try again.',
} as const;
