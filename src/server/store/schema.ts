/**
 * Table types for Kysely. One schema serves PGlite and PostgreSQL. Every row carries `school_id`:
 * one server can host a trust or a local authority. Dates are `yyyy-MM-dd` text and instants ISO
 * text (UTC, `toISOString()`), exactly as the domain and the protocol use them, so no driver ever
 * converts them. `version` is the school's change counter at the write (the pull cursor).
 */
import type { Generated } from 'kysely';

export interface SchoolsTable {
  id: string;
  urn: string;
  name: string;
  time_zone: string;
  session_times: string;
  settings: string;
  calendar: string;
  live_from: string;
  /** The close job has written N and missing registers for every session ending before this instant. */
  closed_through: string | null;
  version: number;
  /** The version at which reference data (settings, calendar, groups, pupils, staff) last changed. */
  ref_version: number;
  /** The last server order number given to an amendment, movement or call of this school. */
  op_seq: number;
  created_at: string;
}

export interface StaffTable {
  school_id: string;
  id: string;
  username: string;
  name: string;
  position: string;
  role: string;
  groups: string;
  password_hash: string;
  active: boolean;
  version: number;
}

export interface TokensTable {
  token_hash: string;
  school_id: string;
  staff_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface GroupsTable {
  school_id: string;
  id: string;
  name: string;
  year_group: number;
  session_times: string | null;
  version: number;
}

export interface PupilsTable {
  school_id: string;
  id: string;
  upn: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  sex: string;
  group_id: string;
  admission_date: string;
  leaving_date: string | null;
  flags: string;
  contacts: string;
  version: number;
}

export interface AmendmentsTable {
  school_id: string;
  op_id: string;
  /** Server order within the school: the order `resolveCell` folds in. */
  seq: number;
  pupil_id: string;
  date: string;
  session: string;
  code: string | null;
  arrived_at: string | null;
  minutes_late: number | null;
  reason: string | null;
  note: string | null;
  based_on: string | null;
  source: string;
  author_id: string | null;
  device_id: string;
  device_seq: number | null;
  recorded_at: string;
  received_at: string;
  outcome: string;
  late_sync: boolean;
  version: number;
  /** Who reported the absence, on an office mark; null otherwise, and on rows before 0003. */
  reported_by: string | null;
}

/** The `cells` view: one row per cell that has any amendment, from its current amendment. */
export interface CellsTable {
  school_id: string;
  pupil_id: string;
  date: string;
  session: string;
  head_op_id: string | null;
  code: string | null;
  conflict: boolean;
  version: number;
}

export interface MovementsTable {
  school_id: string;
  op_id: string;
  seq: number;
  pupil_id: string;
  date: string;
  direction: string;
  at: string;
  reason: string | null;
  accompanied_by: string | null;
  author_id: string;
  device_id: string;
  device_seq: number;
  recorded_at: string;
  received_at: string;
  version: number;
}

/** A first-day call to a pupil's family (`callSchema`), versioned like a movement. */
export interface CallsTable {
  school_id: string;
  op_id: string;
  seq: number;
  pupil_id: string;
  date: string;
  at: string;
  contact: string;
  phone: string | null;
  /** One of `CALL_OUTCOMES`. */
  outcome: string;
  note: string | null;
  author_id: string;
  device_id: string;
  device_seq: number;
  recorded_at: string;
  received_at: string;
  version: number;
}

/** A step of a fire roll call (`rollCallStepRecordSchema`), versioned like a movement. */
export interface RollCallStepsTable {
  school_id: string;
  op_id: string;
  seq: number;
  /** The opId of the roll call's start. */
  roll_call_id: string;
  /** One of `ROLL_CALL_ACTIONS`. */
  action: string;
  /** The pupil of a tick or untick; null for a start or end. */
  pupil_id: string | null;
  date: string;
  author_id: string;
  device_id: string;
  device_seq: number;
  recorded_at: string;
  received_at: string;
  version: number;
}

export interface DeviceSeqsTable {
  school_id: string;
  device_id: string;
  author_id: string;
  last_seq: number;
}

export interface AuditTable {
  id: Generated<number>;
  school_id: string;
  received_at: string;
  device_id: string;
  author_id: string | null;
  op_id: string;
  op: string;
  status: string;
  reason: string | null;
  /** The rejection's code (`RejectionCode`); null when applied, and for rows before 0002. */
  code: string | null;
}

export interface RegistersTable {
  school_id: string;
  group_id: string;
  date: string;
  session: string;
  closed_at: string;
  taken: boolean;
  version: number;
}

export interface Database {
  schools: SchoolsTable;
  staff: StaffTable;
  tokens: TokensTable;
  groups: GroupsTable;
  pupils: PupilsTable;
  amendments: AmendmentsTable;
  cells: CellsTable;
  movements: MovementsTable;
  calls: CallsTable;
  roll_call_steps: RollCallStepsTable;
  device_seqs: DeviceSeqsTable;
  audit: AuditTable;
  registers: RegistersTable;
}
