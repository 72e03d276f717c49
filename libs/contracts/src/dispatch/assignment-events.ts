import { z } from 'zod';
import { defineEvent } from '../define-event';
import { isoInstant, withoutWorkerName } from '../shared-schemas';

/**
 * Dispatch's decisions about who does a job. Defined before the dispatch service exists because
 * orders reacts to them. Stream (in dispatch): `assignment-<orderId>`.
 */
const topic = 'dispatch.events';

const technicianAssignedV1Data = z.object({
  orderId: z.uuid(),
  assignmentId: z.uuid(),
  workerId: z.string().min(1).max(80),
  workerName: z.string().min(1).max(100),
  how: z.enum(['auto', 'manual']),
  /** A dispatcher's reason for a manual assignment. */
  reason: z.string().min(1).max(500).optional(),
});

export const TechnicianAssignedV1 = defineEvent({
  type: 'TechnicianAssigned',
  version: 1,
  topic,
  description:
    'A worker was assigned to an order (v1, frozen: its workerName held the worker id, never a name).',
  schema: technicianAssignedV1Data,
});

export const TechnicianAssigned = defineEvent({
  type: 'TechnicianAssigned',
  version: 2,
  topic,
  description:
    "A worker was assigned to an order, by auto-dispatch or by a dispatcher overriding it. The worker's name is workforce's (personal data): resolve workerId there.",
  schema: technicianAssignedV1Data.omit({ workerName: true }),
  upcastFrom: {
    version: 1,
    upcast: (older) => withoutWorkerName(older as z.infer<typeof technicianAssignedV1Data>),
  },
});

export const TechnicianUnassigned = defineEvent({
  type: 'TechnicianUnassigned',
  version: 1,
  topic,
  description:
    'An assignment was withdrawn (worker dropped out, dispatcher reassigned); the order needs a worker again.',
  schema: z.object({
    orderId: z.uuid(),
    assignmentId: z.uuid(),
    workerId: z.string().min(1).max(80),
    reason: z.string().min(1).max(500),
  }),
});

export const AssignmentMoved = defineEvent({
  type: 'AssignmentMoved',
  version: 1,
  topic,
  description:
    "The order was rescheduled and its assigned worker keeps it: the worker passes every hard rule at the new time, and the time held for the assignment moved to the new window (the assignment id is unchanged).",
  schema: z.object({
    orderId: z.uuid(),
    assignmentId: z.uuid(),
    workerId: z.string().min(1).max(80),
    /** The job's new span as held on the worker's schedule (the buffer after it included). */
    start: isoInstant,
    end: isoInstant,
    /** The day of the new hold in China Standard Time (YYYY-MM-DD). */
    day: z.iso.date(),
    /** Why the order was rescheduled. */
    reason: z.string().min(1).max(500),
  }),
});

export const assignmentEvents = [
  TechnicianAssignedV1,
  TechnicianAssigned,
  TechnicianUnassigned,
  AssignmentMoved,
];
