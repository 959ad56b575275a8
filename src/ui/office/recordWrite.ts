/**
 * Writing a phone-in or planned absence: one office mark per session, each based on the cell's
 * current amendment as this device holds it at the moment of saving, all in one transaction
 * through `recordOfficeMarks` (checked first by the server's own rules: all or nothing).
 */
import { err, type Result, type SessionPoint } from '../../domain/index.ts';
import type { MarkOp } from '../../schema/op.ts';
import { readPupilCells } from '../../storage/officeView.ts';
import type { Amendment } from './AmendForm.tsx';
import { recordOfficeMarks, type OfficeContext } from './officeWrites.ts';
import { cellKey } from './recordSessions.ts';

export async function recordAbsence(
  ctx: OfficeContext,
  pupilId: string,
  sessions: readonly SessionPoint[],
  amendment: Amendment,
): Promise<Result<MarkOp[], string>> {
  if (sessions.length === 0) return err('Choose the sessions to record.');
  // Read again now, not from the screen's last render: a pull may have brought a newer mark.
  const cells = await readPupilCells(ctx.db, pupilId, ctx.auth.staff.id);
  if (!cells.ok) return err(cells.error.message);
  const heads = new Map(cells.value.map((cell) => [cellKey(cell), cell.view.head?.opId ?? null]));
  return recordOfficeMarks(
    ctx,
    sessions.map((point) => ({
      ...amendment,
      pupilId,
      date: point.date,
      session: point.session,
      basedOn: heads.get(cellKey(point)) ?? null,
    })),
  );
}
