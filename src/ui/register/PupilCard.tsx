import { memo, useId } from 'react';
import type { IsoDate } from '../../domain/index.ts';
import { markKind, markLabel, minutesLateText } from './marks.ts';
import { dayText, schoolDateOf, schoolTimeOf } from '../shared/time.ts';
import { sameRecordedBy, type RecordedBy } from './registerData.ts';

/** One card as shown: the live cell with any mark still being saved painted over it. */
export interface CardModel {
  readonly pupilId: string;
  readonly name: string;
  readonly initials: string;
  /** The code shown; `N` for a blank cell once the register has closed. */
  readonly code: string | null;
  /** Blank cell shown as `N` because the register has closed (the close job writes it). */
  readonly isClosedBlank: boolean;
  readonly arrivedAt: string | null;
  readonly minutesLate: number | null;
  readonly isSaving: boolean;
  readonly isUnsent: boolean;
  readonly hasConflict: boolean;
  readonly recordedBy: RecordedBy | null;
  /** Signed out and back in at reception today, in words; null when neither. */
  readonly movements: string | null;
}

/** What the card offers: everything while open, late arrivals after close, else nothing. */
export type CardActions = 'all' | 'late-only' | 'none';

export type CardAction = 'present' | 'absent' | 'late';

export interface PupilCardProps {
  readonly model: CardModel;
  readonly actions: CardActions;
  readonly date: IsoDate;
  readonly onAction: (pupilId: string, action: CardAction) => void;
}

const SOURCE_WORDS = {
  office: 'the office',
  reception: 'reception',
  register: 'the register',
  system: 'the register close',
} as const;

function markText(model: CardModel, date: IsoDate): string {
  if (model.isClosedBlank) return 'Absent, no reason yet (register closed)';
  const label = markLabel(model.code, date);
  if (model.arrivedAt === null || (model.code !== 'L' && model.code !== 'U')) return label;
  const late = model.minutesLate === null ? '' : `, ${minutesLateText(model.minutesLate)}`;
  return `${label}: arrived ${model.arrivedAt}${late}`;
}

function savedText(model: CardModel): string {
  if (model.isSaving) return ' · Saving…';
  return model.isUnsent ? ' · Saved, not sent yet' : '';
}

/** "Recorded by Olive Office (the office) at 08:12", with the day when it was another day. */
export function recordedText(by: RecordedBy, date: IsoDate): string {
  const at = Date.parse(by.recordedAt);
  const day = schoolDateOf(at);
  const when = day === date ? schoolTimeOf(at) : `${schoolTimeOf(at)} on ${dayText(day)}`;
  if (by.source === 'system') return `Recorded when the register closed (${when})`;
  return `Recorded by ${by.name} (${SOURCE_WORDS[by.source]}) at ${when}`;
}

/**
 * The words after the mark for one someone else recorded. A phone-in names who reported it first,
 * as the teacher would say it ("Illness — reported by Mum: “Chickenpox”. Recorded by Olive
 * Office (the office) at 08:12"); any other mark says who recorded it, then why.
 */
export function recordedStory(by: RecordedBy, date: IsoDate): string {
  const reason = by.reason === null ? '' : `: “${by.reason}”`;
  const note = by.note === null ? '' : ` (${by.note})`;
  if (by.source === 'office' && by.reportedBy !== null)
    return ` — reported by ${by.reportedBy}${reason}. ${recordedText(by, date)}${note}`;
  return `. ${recordedText(by, date)}${reason}${note}`;
}

function byText(by: RecordedBy | null, date: IsoDate): string {
  return by === null ? '' : recordedStory(by, date);
}

function CardButtons({ model, actions, onAction }: Omit<PupilCardProps, 'date'>) {
  const act = (action: CardAction) => () => {
    onAction(model.pupilId, action);
  };
  if (actions === 'none') return null;
  if (actions === 'late-only')
    return (
      <div className="rc-card-actions">
        <button
          type="button"
          className="rc-button"
          aria-label={`${model.name}: late arrival`}
          onClick={act('late')}
        >
          Late arrival…
        </button>
      </div>
    );
  return (
    <div className="rc-card-actions">
      <button
        type="button"
        className="rc-button"
        aria-label={`${model.name}: absent`}
        onClick={act('absent')}
      >
        Absent
      </button>
      <button
        type="button"
        className="rc-button"
        aria-label={`${model.name}: late`}
        onClick={act('late')}
      >
        Late…
      </button>
    </div>
  );
}

function PupilCardView({ model, actions, date, onAction }: PupilCardProps) {
  const nameId = useId();
  const statusId = useId();
  const identity = (
    <>
      <span className="rc-avatar" aria-hidden="true">
        {model.initials}
      </span>
      <span id={nameId} className="rc-card-name">
        {model.name}
      </span>
      {actions === 'all' && model.code === null ? (
        <span className="rc-hint" aria-hidden="true">
          Tap for present
        </span>
      ) : (
        <span className="rc-code" aria-hidden="true">
          {model.code ?? ''}
        </span>
      )}
    </>
  );
  return (
    <li
      className="rc-card"
      data-kind={markKind(model.code, date)}
      data-saving={model.isSaving || undefined}
    >
      <div role="group" aria-labelledby={nameId} aria-describedby={statusId}>
        {/* The present button lies over the row, holding no text of its own, so its name
            ("Ada Lovell: present") contains all it shows (WCAG 2.5.3, label in name). */}
        <div className="rc-card-identity">
          {identity}
          {actions === 'all' && (
            <button
              type="button"
              className="rc-card-present"
              aria-label={`${model.name}: present`}
              onClick={() => {
                onAction(model.pupilId, 'present');
              }}
            />
          )}
        </div>
        <p id={statusId} className="rc-card-status">
          {markText(model, date)}
          {savedText(model)}
          {byText(model.recordedBy, date)}
        </p>
        {model.movements !== null && <p className="rc-card-away">{model.movements}</p>}
        {model.hasConflict && (
          <p className="rc-card-conflict">
            <span aria-hidden="true">⚠ </span>Conflict: two devices recorded different marks; the
            office will check it.
          </p>
        )}
        <CardButtons model={model} actions={actions} onAction={onAction} />
      </div>
    </li>
  );
}

function sameModel(a: CardModel, b: CardModel): boolean {
  return (
    a.pupilId === b.pupilId &&
    a.name === b.name &&
    a.initials === b.initials &&
    a.code === b.code &&
    a.isClosedBlank === b.isClosedBlank &&
    a.arrivedAt === b.arrivedAt &&
    a.minutesLate === b.minutesLate &&
    a.isSaving === b.isSaving &&
    a.isUnsent === b.isUnsent &&
    a.hasConflict === b.hasConflict &&
    a.movements === b.movements &&
    sameRecordedBy(a.recordedBy, b.recordedBy)
  );
}

/**
 * A pupil's card: one tap on the name marks present; Absent and Late beside it. Memoised on the
 * card's own values, so a tap re-renders one card, not the register.
 */
export const PupilCard = memo(
  PupilCardView,
  (prev, next) =>
    prev.actions === next.actions &&
    prev.date === next.date &&
    prev.onAction === next.onAction &&
    sameModel(prev.model, next.model),
);
