/**
 * A movement at the signing-in desk in the words the desk log and the teacher's card share:
 * "Signed out 13:40 (appointment: dentist), collected by Priya Khan", "Back 14:35".
 */

export interface MovementWords {
  readonly direction: 'in' | 'out';
  readonly at: string;
  readonly reason: string | null;
  readonly accompaniedBy: string | null;
}

/**
 * The movement as a sentence. A sign-in after a sign-out is a return ("Back 14:35"); a sign-in
 * with none before it is the desk signing in a pupil the teacher will mark.
 */
export function movementText(m: MovementWords, isReturn: boolean): string {
  const reason = m.reason === null ? '' : ` (${m.reason})`;
  if (m.direction === 'out') {
    const by = m.accompaniedBy === null ? '' : `, collected by ${m.accompaniedBy}`;
    return `Signed out ${m.at}${reason}${by}`;
  }
  const by = m.accompaniedBy === null ? '' : `, brought by ${m.accompaniedBy}`;
  return isReturn ? `Back ${m.at}${by}` : `Signed in at reception ${m.at}${reason}${by}`;
}

/** A pupil's movements of the day as one line, in order: "Signed out 13:40 …; back 14:35". */
export function dayMovementsText(movements: readonly MovementWords[]): string {
  let hasLeft = false;
  const parts = movements.map((m) => {
    const text = movementText(m, hasLeft && m.direction === 'in');
    if (m.direction === 'out') hasLeft = true;
    return text;
  });
  return parts
    .map((text, i) => (i === 0 ? text : text.charAt(0).toLowerCase() + text.slice(1)))
    .join('; ');
}
