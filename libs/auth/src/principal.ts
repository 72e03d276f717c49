/** The roles of ARCHITECTURE.md. A token carries exactly one. */
export const roles = [
  'admin',
  'dispatcher',
  'cs_agent',
  'qa_inspector',
  'station_leader',
  'worker',
  'finance',
  'legal',
  'live_ops',
  'host',
  'customer',
] as const;
export type Role = (typeof roles)[number];

/** Who is calling, as every subgraph sees it after verifying the bearer token itself. */
export interface Principal {
  /** The user id: a customer id, a worker id, a staff id. */
  sub: string;
  role: Role;
  /** City branch the staff member works for; dispatchers, CS and station leaders are scoped by it. */
  branch?: string;
  station?: string;
  name?: string;
}

/** Roles that see every branch; the others see theirs only (or, for customers and workers, their own). */
export const crossBranchRoles: readonly Role[] = ['admin', 'finance', 'legal', 'qa_inspector'];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (roles as readonly string[]).includes(value);
