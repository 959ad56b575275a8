/** Logins and staff for component tests. */
import type { AuthRecord } from '../../storage/records.ts';

export function teacherAuth(overrides: Partial<AuthRecord> = {}): AuthRecord {
  return {
    token: 'token-teacher',
    staff: {
      id: 's-hughes',
      name: 'Rhian Hughes',
      position: 'Class teacher',
      role: 'teacher',
      groups: ['g-3b'],
    },
    school: { id: 'sch-larkspur', urn: '100001', name: 'Larkspur Primary' },
    expiresAt: '2026-12-02T21:00:00.000Z',
    ...overrides,
  };
}

export function officeAuth(): AuthRecord {
  return teacherAuth({
    token: 'token-office',
    staff: {
      id: 's-office',
      name: 'Dawn Parry',
      position: 'Office Manager',
      role: 'office',
      groups: [],
    },
  });
}
