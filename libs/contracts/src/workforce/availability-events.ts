import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * When and where a worker can be dispatched: weekly working hours, leave and sick days, service
 * areas. On the worker's stream (`worker-<workerId>`); dispatch consumes them.
 */
const topic = 'workforce.events';
const workerId = z.string().min(1).max(80);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');

export const weeklyHoursSchema = z
  .array(
    z
      .object({
        /** ISO weekday: 1 = Monday … 7 = Sunday. */
        weekday: z.number().int().min(1).max(7),
        from: clock,
        to: clock,
      })
      .refine((slot) => slot.to > slot.from, { message: 'must be after from', path: ['to'] }),
  )
  .max(21);

export const WorkingHoursSet = defineEvent({
  type: 'WorkingHoursSet',
  version: 1,
  topic,
  description: "The worker's regular weekly working hours (China Standard Time); replaces the previous ones.",
  schema: z.object({ workerId, weekly: weeklyHoursSchema }),
});

export const LeaveRecorded = defineEvent({
  type: 'LeaveRecorded',
  version: 1,
  topic,
  description:
    'The worker is away for whole days (annual leave, sick leave, personal); not dispatchable then.',
  schema: z
    .object({
      workerId,
      leaveId: z.uuid(),
      kind: z.enum(['annual', 'sick', 'personal']),
      /** First and last day away, both included (China Standard Time). */
      from: z.iso.date(),
      to: z.iso.date(),
    })
    .refine((leave) => leave.to >= leave.from, { message: 'must not be before from', path: ['to'] }),
});

export const LeaveCancelled = defineEvent({
  type: 'LeaveCancelled',
  version: 1,
  topic,
  description: 'A recorded leave was called off; the worker is available on those days again.',
  schema: z.object({ workerId, leaveId: z.uuid() }),
});

export const ServiceAreasChanged = defineEvent({
  type: 'ServiceAreasChanged',
  version: 1,
  topic,
  description: 'The district codes the worker is willing to serve; replaces the previous ones.',
  schema: z.object({ workerId, serviceAreas: z.array(z.string().min(1).max(40)).min(1).max(50) }),
});

export const availabilityEvents = [WorkingHoursSet, LeaveRecorded, LeaveCancelled, ServiceAreasChanged];
