import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * A branch's dispatch policy: how candidates are filtered and scored, how long an offer stays open,
 * and its service-level targets. Stream: `dispatch-policy-<branchId>`. Every change is a new
 * version; each decision records the policy name and version it was taken under.
 */
const topic = 'dispatch.events';
const weight = z.number().min(0).max(100);
const minutes = (max: number) => z.number().int().min(1).max(max);

export const dispatchPolicySchema = z.object({
  /** Most jobs a worker may hold on one (China Standard Time) day. */
  dailyJobCap: z.number().int().min(1).max(20),
  /** Assumed door-to-door speed in the city. */
  travelSpeedKmh: z.number().min(5).max(120),
  /** Slack on top of travel between two jobs (parking, lift, handover). */
  bufferMinutes: z.number().int().min(0).max(120),
  /** Farthest a worker is sent, from their previous job that day or else from home. */
  maxDistanceKm: z.number().min(1).max(200),
  /** Orders matching a rule (every key given must match) go only to workers of `group` (a job type). */
  routingRules: z
    .array(
      z
        .object({
          productCategory: z.string().min(1).max(60).optional(),
          itemCode: z.string().min(1).max(40).optional(),
          group: z.string().min(1).max(40),
        })
        .refine((rule) => rule.productCategory !== undefined || rule.itemCode !== undefined, {
          message: 'must name a productCategory or an itemCode',
          path: ['group'],
        }),
    )
    .max(100),
  weights: z.object({
    distance: weight,
    regularWorker: weight,
    loadBalance: weight,
    rating: weight,
    skill: weight,
  }),
  /** An offer not answered within this lapses and goes to the next candidate. */
  offerTimeoutSeconds: z
    .number()
    .int()
    .min(5)
    .max(24 * 3600),
  sla: z.object({
    /** From the first offer: a worker must have accepted within this. */
    acceptMinutes: minutes(7 * 24 * 60),
    /** Check-in later than the window start plus this is a breach. */
    arriveGraceMinutes: z.number().int().min(0).max(240),
    /** Completion later than check-in plus the expected duration plus this is a breach. */
    finishGraceMinutes: z.number().int().min(0).max(480),
  }),
  /** Reminders to the worker: before the window starts, and before the expected end. */
  reminders: z.object({
    beforeStartMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    beforeEndMinutes: z.number().int().min(0).max(240),
  }),
});
export type DispatchPolicySettings = z.infer<typeof dispatchPolicySchema>;

export const DispatchPolicySet = defineEvent({
  type: 'DispatchPolicySet',
  version: 1,
  topic,
  description:
    "A branch's dispatch policy changed (scoring weights, routing rules, caps, offer timeout, SLA targets, reminders); it applies to decisions taken from now on.",
  schema: z.object({
    branchId: z.string().min(1).max(40),
    /** 1 for the branch's first policy, then +1 per change. */
    version: z.number().int().min(1),
    policy: dispatchPolicySchema,
    reason: z.string().min(1).max(500),
  }),
});

export const policyEvents = [DispatchPolicySet];
