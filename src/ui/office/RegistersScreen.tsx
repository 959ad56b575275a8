/**
 * The office's registers: the registers not taken on a date (today's growing as registers close,
 * on the engine's corrected clock) and the marks two devices disagreed on, each settled with a
 * reasoned amendment. Read from this device's copy of the school, so it works offline.
 */
import { toSchoolTime } from '../../domain/index.ts';
import { SCHOOL_SETUP_TEXT } from '../../text/staffText.ts';
import { useApp } from '../shared/AppContext.tsx';
import { FirstSyncNote } from '../shared/FirstSyncNote.tsx';
import type { SchoolData } from '../shared/schoolData.ts';
import { useTicker, useTickValue } from '../shared/ticker.ts';
import { useSchoolData } from '../shared/useSchoolData.ts';
import { ConflictList } from './ConflictList.tsx';
import { MissingRegisters } from './MissingRegisters.tsx';
import './office.css';
import '../pupil/pupil.css';
import './registers.css';

const MINUTE_MS = 60_000;

export function RegistersScreen() {
  const school = useSchoolData();
  if (school === undefined) return <p aria-busy="true">Reading the school on this device…</p>;
  if (!school.ok)
    return (
      <>
        <h1>Registers</h1>
        <p role="alert">{SCHOOL_SETUP_TEXT[school.error]}</p>
      </>
    );
  return <Registers school={school.value} />;
}

function Registers({ school }: { readonly school: SchoolData }) {
  const { db, engine, auth } = useApp();
  const ticker = useTicker(engine, 1000);
  // Registers close on the minute, so the list changes only when the minute does.
  const minute = useTickValue(ticker, (now) => Math.floor(now / MINUTE_MS));
  const nowMs = minute * MINUTE_MS;
  const today = toSchoolTime(nowMs).date;
  return (
    <section className="office registers" aria-labelledby="registers-title">
      <h1 id="registers-title">Registers</h1>
      <FirstSyncNote engine={engine} />
      <MissingRegisters school={school} today={today} nowMs={nowMs} />
      <ConflictList context={{ db, engine, auth, school }} />
    </section>
  );
}
