import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * How the company is organised: branches (one per city or business unit) and the stations (local
 * teams) within them. Streams: `branch-<branchId>`, `station-<stationId>`.
 */
const topic = 'workforce.events';
export const orgId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2-40 lower-case letters, digits or dashes, e.g. sh-pudong');
const name = z.object({ zh: z.string().min(1).max(60), en: z.string().min(1).max(60) });

export const businessUnits = ['home_cleaning', 'after_sales', 'retail'] as const;
export type BusinessUnit = (typeof businessUnits)[number];

export const BranchOpened = defineEvent({
  type: 'BranchOpened',
  version: 1,
  topic,
  description: 'A branch (a city or business unit of the company) started operating.',
  schema: z.object({
    branchId: orgId,
    name,
    city: z.string().min(1).max(40),
    businessUnits: z.array(z.enum(businessUnits)).min(1),
  }),
});

export const StationOpened = defineEvent({
  type: 'StationOpened',
  version: 1,
  topic,
  description: 'A station (a local team) opened in a branch, run by its leader.',
  schema: z.object({
    stationId: orgId,
    branchId: orgId,
    name,
    /** The user id (token subject) of the station leader. */
    leaderId: z.string().min(1).max(80),
    /** District codes the station covers. */
    districts: z.array(z.string().min(1).max(40)).min(1).max(50),
  }),
});

export const StationLeaderAppointed = defineEvent({
  type: 'StationLeaderAppointed',
  version: 1,
  topic,
  description: 'Another person now leads the station.',
  schema: z.object({ stationId: orgId, leaderId: z.string().min(1).max(80) }),
});

export const organisationEvents = [BranchOpened, StationOpened, StationLeaderAppointed];
