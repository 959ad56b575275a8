/** The desk's sentences: what a late arrival will record, and what was recorded. */
import type { ArrivalPlan } from '../../domain/index.ts';

export function minutesText(minutes: number): string {
  return `${String(minutes)} ${minutes === 1 ? 'minute' : 'minutes'} late`;
}

/** What signing the pupil in will write, said before it is written. */
export function arrivalPreviewText(plan: ArrivalPlan, group: string): string {
  const register = `the ${plan.session} register of ${group}`;
  if (plan.kind === 'late' && plan.code === 'L')
    return `Will record L on ${register}: ${minutesText(plan.minutesLate)}, before the register closes at ${plan.closes}.`;
  if (plan.kind === 'late')
    return `Will record U on ${register}: ${minutesText(plan.minutesLate)}, after the register closed at ${plan.closes} (an unauthorised absence, but on site).`;
  if (plan.isRegisterOpen)
    return `Before the register closes (${plan.closes}): the teacher will mark them present. The desk notes the sign-in.`;
  return `Will record ${plan.code} (present) on ${register}: not late.`;
}

/** What was recorded, said once it is saved. */
export function arrivalDoneText(
  name: string,
  group: string,
  at: string,
  plan: ArrivalPlan,
): string {
  const who = `${name} (${group}) signed in at ${at}`;
  if (plan.kind === 'late') return `${who}: ${plan.code}, ${minutesText(plan.minutesLate)}.`;
  if (plan.isRegisterOpen) return `${who}: the teacher will mark them present.`;
  return `${who}: ${plan.code}, present.`;
}
