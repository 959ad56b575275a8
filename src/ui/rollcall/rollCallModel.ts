/**
 * The fire roll call as the screen shows it, worked out on the device with the domain's rules
 * (`src/domain/rollCall.ts`): the day's roll call (steps from every device this one has heard
 * from, and its own unsent ones), who is on site now, the list by group — a teacher's own groups
 * first — and who is still missing.
 */
import {
  compareByName,
  foldRollCallSteps,
  mergeRollCalls,
  parseHhmm,
  rollCallSheet,
  stillMissing,
  type IsoDate,
  type RollCall,
  type RollCallGroup,
  type RollCallLine,
  type SiteDay,
  type SitePupil,
} from '../../domain/index.ts';
import { cellCodeKey, type RollCallDay } from '../../storage/rollCall.ts';
import type { GroupRecord } from '../../storage/records.ts';
import type { SchoolData } from '../shared/schoolData.ts';
import { groupSessionTimes } from '../shared/schoolSetup.ts';

export interface RollCallModel {
  readonly date: IsoDate;
  /** The day's latest roll call: running, or the last one ended; null before the first. */
  readonly rollCall: RollCall | null;
  readonly groups: readonly RollCallGroup[];
  readonly missing: readonly RollCallLine[];
  readonly total: number;
  readonly ticked: number;
}

/** A teacher's own groups first, then every group by year and name. */
export function groupOrder(groups: Iterable<GroupRecord>, mine: readonly string[]): string[] {
  const rank = (g: GroupRecord): number => (mine.includes(g.id) ? 0 : 1);
  return [...groups]
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.yearGroup - b.yearGroup ||
        a.name.localeCompare(b.name, 'en-GB', { numeric: true }),
    )
    .map((g) => g.id);
}

/** The device's day as the on-site rule reads it. */
function siteDay(school: SchoolData, day: RollCallDay, date: IsoDate, now: string): SiteDay {
  const minutes = parseHhmm(now);
  return {
    date,
    now: minutes.ok ? minutes.value : 0,
    timesOf: (groupId, session) => {
      const group = school.groups.get(groupId);
      return group === undefined ? null : groupSessionTimes(school.setup, group, session);
    },
    codeOf: (pupilId, session) => day.codes.get(cellCodeKey(pupilId, session)) ?? null,
    movementsOf: (pupilId) => day.movements.get(pupilId) ?? [],
  };
}

/** Pupils in name order, for the list within each group. */
function pupilsByName(school: SchoolData): SitePupil[] {
  return [...school.pupils.values()].sort(compareByName);
}

export function rollCallModel(
  school: SchoolData,
  day: RollCallDay,
  clock: { readonly date: IsoDate; readonly time: string },
  myGroups: readonly string[],
): RollCallModel {
  const parts = foldRollCallSteps(day.steps);
  const rollCall = mergeRollCalls(parts.values(), clock.date).at(-1) ?? null;
  const groups = rollCallSheet(
    pupilsByName(school),
    siteDay(school, day, clock.date, clock.time),
    rollCall?.ticks ?? new Map(),
    groupOrder(school.groups.values(), myGroups),
  );
  const total = groups.reduce((n, g) => n + g.lines.length, 0);
  const ticked = groups.reduce((n, g) => n + g.ticked, 0);
  return { date: clock.date, rollCall, groups, missing: stillMissing(groups), total, ticked };
}
