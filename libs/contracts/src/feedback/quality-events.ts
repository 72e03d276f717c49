import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * Quality outcomes the feedback service will publish; workforce's leaderboards already count
 * complaints and incidents (hours served without a complaint / without a safety incident), and
 * dispatch scores workers by their ratings. Streams: `complaint-<id>`, `incident-<id>`, `rating-<orderId>`.
 */
const topic = 'feedback.events';

export const ComplaintUpheld = defineEvent({
  type: 'ComplaintUpheld',
  version: 1,
  topic,
  description: "A customer's complaint about a job was investigated and found justified against the worker.",
  schema: z.object({ complaintId: z.uuid(), orderId: z.uuid(), workerId: z.string().min(1).max(80) }),
});

export const SafetyIncidentRecorded = defineEvent({
  type: 'SafetyIncidentRecorded',
  version: 1,
  topic,
  description: 'A safety incident during a job (injury, damage, hazard) was recorded against the worker.',
  schema: z.object({
    incidentId: z.uuid(),
    orderId: z.uuid(),
    workerId: z.string().min(1).max(80),
    severity: z.enum(['minor', 'major', 'critical']),
  }),
});

export const JobRated = defineEvent({
  type: 'JobRated',
  version: 1,
  topic,
  description:
    "The customer's post-service rating of a job, 1 to 5 stars; a later rating of the same order replaces it.",
  schema: z.object({
    orderId: z.uuid(),
    workerId: z.string().min(1).max(80),
    stars: z.number().int().min(1).max(5),
  }),
});

export const qualityEvents = [ComplaintUpheld, SafetyIncidentRecorded, JobRated];
