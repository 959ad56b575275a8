/** The school as a live query: re-read when a pull brings new reference data. */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Result } from '../../domain/index.ts';
import type { SchoolSetupProblem } from '../../text/staffText.ts';
import { useApp } from './AppContext.tsx';
import { readSchoolData, type SchoolData } from './schoolData.ts';

/** undefined while reading; then the school, or why it cannot be used yet. */
export function useSchoolData(): Result<SchoolData, SchoolSetupProblem> | undefined {
  const { db } = useApp();
  return useLiveQuery(() => readSchoolData(db), [db]);
}
