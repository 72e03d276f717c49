import { z } from 'zod';
import { defineEvent } from '../define-event';
import { businessUnits, orgId } from './organisation-events';

/**
 * Features the company switches on per branch and business unit, because each new feature goes
 * live city by city. On the branch's stream (`branch-<branchId>`). The actor in the event's metadata is
 * the audit trail.
 */
const topic = 'workforce.events';

export const features = [
  'auto_dispatch',
  'yearly_packages',
  'tipping',
  'helpdesk',
  'livestream_orders',
  'recognition_messages',
] as const;
export type Feature = (typeof features)[number];

export const FeatureSwitched = defineEvent({
  type: 'FeatureSwitched',
  version: 1,
  topic,
  description:
    "An admin switched a feature on or off for a branch, either for one business unit or for the branch's every unit ('all').",
  schema: z.object({
    branchId: orgId,
    businessUnit: z.enum([...businessUnits, 'all']),
    feature: z.enum(features),
    enabled: z.boolean(),
    reason: z.string().min(1).max(500),
  }),
});

export const featureSettingsEvents = [FeatureSwitched];
