import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * A customer's regular (designated) worker for a service item: dispatch offers that customer's
 * orders for the item to this worker first. Stream: `regular-worker-<customerId>-<itemCode>`.
 */
const topic = 'workforce.events';
const customerId = z.string().min(1).max(80);
const itemCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'must be 3-40 upper-case letters, digits or dashes');

export const RegularWorkerNamed = defineEvent({
  type: 'RegularWorkerNamed',
  version: 1,
  topic,
  description:
    'A customer named a worker as their regular worker for a service item (replacing any earlier one).',
  schema: z.object({
    customerId,
    itemCode,
    workerId: z.string().min(1).max(80),
    stationId: z.string().min(1),
  }),
});

export const RegularWorkerCleared = defineEvent({
  type: 'RegularWorkerCleared',
  version: 1,
  topic,
  description: 'The customer no longer has a regular worker for the item (they asked, or the worker left).',
  schema: z.object({
    customerId,
    itemCode,
    workerId: z.string().min(1).max(80),
    reason: z.enum(['customer_asked', 'worker_left']),
  }),
});

export const regularWorkerEvents = [RegularWorkerNamed, RegularWorkerCleared];
