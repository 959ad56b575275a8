/** Logins and staff for component tests. */
import type { SignedIn } from '../../schema/auth.ts';

export function teacherAuth(overrides: Partial<SignedIn> = {}): SignedIn {
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

export function officeAuth(): SignedIn {
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
