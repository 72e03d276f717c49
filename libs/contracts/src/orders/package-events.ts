import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * Yearly packages: a contract with a customer that produces recurring orders. Stream:
 * `package-<packageId>`. Personal data is referenced through `contactId` as in order events.
 */
const topic = 'orders.events';
const packageId = z.uuid();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 09:00');

export const PackageSubscribed = defineEvent({
  type: 'PackageSubscribed',
  version: 1,
  topic,
  description:
    'A customer bought a yearly package: the same service on a fixed weekday and time, every week or two.',
  schema: z
    .object({
      packageId,
      customerId: z.string().min(1).max(80),
      contactId: z.uuid(),
      branchId: z.string().min(1).max(40),
      address: z.object({
        city: z.string().min(1).max(40),
        district: z.string().min(1).max(40),
        location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }),
      }),
      itemCode: z.string().min(1).max(40),
      weekday: z.number().int().min(1).max(7),
      window: z.object({ from: clock, to: clock }),
      everyWeeks: z.number().int().min(1).max(4),
      startDate: z.iso.date(),
      endDate: z.iso.date(),
      /** Visit times are wall-clock times in this zone. */
      timeZone: z.string().min(1),
    })
    .refine((p) => p.window.to > p.window.from, {
      message: 'must end after it starts',
      path: ['window', 'to'],
    })
    .refine((p) => p.endDate > p.startDate, { message: 'must be after startDate', path: ['endDate'] }),
});

export const PackageVisitOrdered = defineEvent({
  type: 'PackageVisitOrdered',
  version: 1,
  topic,
  description: 'The order for one visit of a package was placed (recorded so that it is placed once).',
  schema: z.object({ packageId, visitDate: z.iso.date(), orderId: z.uuid() }),
});

export const PackagePaused = defineEvent({
  type: 'PackagePaused',
  version: 1,
  topic,
  description: 'A package stops placing new orders until resumed.',
  schema: z.object({ packageId, reason: z.string().min(1).max(500) }),
});

export const PackageResumed = defineEvent({
  type: 'PackageResumed',
  version: 1,
  topic,
  description: 'A paused package places orders again.',
  schema: z.object({ packageId }),
});

export const PackageCancelled = defineEvent({
  type: 'PackageCancelled',
  version: 1,
  topic,
  description: 'A package ends early; it places no more orders (orders already placed stay).',
  schema: z.object({ packageId, reason: z.string().min(1).max(500) }),
});

export const packageEvents = [
  PackageSubscribed,
  PackageVisitOrdered,
  PackagePaused,
  PackageResumed,
  PackageCancelled,
];
