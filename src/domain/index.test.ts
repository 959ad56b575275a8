import { describe, expect, it } from 'vitest';
import * as alerts from './alerts.ts';
import * as arrivalTime from './arrivalTime.ts';
import * as calendar from './calendar.ts';
import * as cellHistory from './cellHistory.ts';
import * as clock from './clock.ts';
import * as closeRule from './closeRule.ts';
import * as codes from './codes.ts';
import * as contacts from './contacts.ts';
import * as dates from './dates.ts';
import * as desk from './desk.ts';
import * as domain from './index.ts';
import * as missingRegisters from './missingRegisters.ts';
import * as movements from './movements.ts';
import * as office from './office.ts';
import * as people from './people.ts';
import * as presets from './presets.ts';
import * as resolveCell from './resolveCell.ts';
import * as result from './result.ts';
import * as rights from './rights.ts';
import * as roles from './roles.ts';
import * as rollCall from './rollCall.ts';
import * as schoolDayIndex from './schoolDayIndex.ts';
import * as sessionTimes from './sessionTimes.ts';
import * as settings from './settings.ts';
import * as statistics from './statistics.ts';

const MODULES = {
  alerts,
  arrivalTime,
  calendar,
  cellHistory,
  clock,
  closeRule,
  codes,
  contacts,
  dates,
  desk,
  missingRegisters,
  movements,
  office,
  people,
  presets,
  resolveCell,
  result,
  rights,
  roles,
  rollCall,
  schoolDayIndex,
  sessionTimes,
  settings,
  statistics,
};

describe('the domain index', () => {
  it.each(Object.entries(MODULES))(
    '[api] re-exports every runtime export of %s, as the same object',
    (_name, module) => {
      for (const [name, value] of Object.entries(module)) {
        expect(domain, name).toHaveProperty(name);
        expect(domain[name as keyof typeof domain], name).toBe(value);
      }
    },
  );

  it('[api] exports nothing that no module exports', () => {
    const known = new Set(Object.values(MODULES).flatMap((module) => Object.keys(module)));
    expect(Object.keys(domain).filter((name) => !known.has(name))).toEqual([]);
  });
});
