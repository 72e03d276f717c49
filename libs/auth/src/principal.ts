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

/**
 * Roles that work for a part of the company and mean nothing without it: a dispatcher or CS agent
 * without a branch, or a station leader without a branch and station, is refused everywhere (by
 * `verifyToken`) rather than left to each service to notice.
 */
export const scopeClaims: Partial<Record<Role, readonly ('branch' | 'station')[]>> = {
  dispatcher: ['branch'],
  cs_agent: ['branch'],
  station_leader: ['branch', 'station'],
};

/** Why a principal lacks the scope its role needs, or undefined when it has it. */
export function missingScope(principal: Principal): string | undefined {
  const needed = scopeClaims[principal.role] ?? [];
  const missing = needed.filter((claim) => !principal[claim]);
  if (missing.length === 0) return undefined;
  if (needed.length === 1) return `a ${principal.role} token needs a ${needed[0]} claim`;
  return `a ${principal.role} token needs ${needed.join(' and ')} claims (missing: ${missing.join(', ')})`;
}

/** Roles that see every branch; the others see theirs only (or, for customers and workers, their own). */
export const crossBranchRoles: readonly Role[] = ['admin', 'finance', 'legal', 'qa_inspector'];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (roles as readonly string[]).includes(value);
