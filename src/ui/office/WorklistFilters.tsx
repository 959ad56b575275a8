/** The worklist's filters: a group, a year, and whether to show only overdue or due today. */
import { useId } from 'react';
import type { SchoolData } from '../shared/schoolData.ts';
import type { WorklistFilter } from './worklistData.ts';

export interface WorklistFiltersProps {
  readonly school: SchoolData;
  readonly filter: WorklistFilter;
  readonly onChange: (filter: WorklistFilter) => void;
}

const DUE_TEXT = { all: 'All', overdue: 'Overdue', 'due-today': 'Due today' } as const;

export function WorklistFilters({ school, filter, onChange }: WorklistFiltersProps) {
  const id = useId();
  const groups = [...school.groups.values()].sort(
    (a, b) => a.yearGroup - b.yearGroup || a.name.localeCompare(b.name),
  );
  const years = [...new Set(groups.map((g) => g.yearGroup))];
  return (
    <div className="filters" role="group" aria-label="Filters">
      <div className="field">
        <label htmlFor={`${id}-group`}>Group</label>
        <select
          id={`${id}-group`}
          value={filter.groupId}
          onChange={(event) => {
            onChange({ ...filter, groupId: event.target.value });
          }}
        >
          <option value="">All groups</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-year`}>Year</label>
        <select
          id={`${id}-year`}
          value={filter.yearGroup}
          onChange={(event) => {
            onChange({ ...filter, yearGroup: event.target.value });
          }}
        >
          <option value="">All years</option>
          {years.map((y) => (
            <option key={y} value={String(y)}>
              {y <= 0 ? (y === 0 ? 'Reception' : 'Nursery') : `Year ${String(y)}`}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="choices choices-inline">
        <legend>Show</legend>
        {(Object.keys(DUE_TEXT) as WorklistFilter['due'][]).map((due) => (
          <label key={due} className="choice">
            <input
              type="radio"
              name={`${id}-due`}
              checked={filter.due === due}
              onChange={() => {
                onChange({ ...filter, due });
              }}
            />
            {DUE_TEXT[due]}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
