import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * Quality outcomes the feedback service will publish; workforce's leaderboards already count them
 * (hours served without a complaint / without a safety incident). Stream: `complaint-<id>` and
 * `incident-<id>`.
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

export const qualityEvents = [ComplaintUpheld, SafetyIncidentRecorded];
