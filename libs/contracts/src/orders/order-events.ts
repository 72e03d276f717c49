import { z } from 'zod';
import { defineEvent } from '../define-event';
import { geoPointSchema, moneySchema, timeWindowSchema, withoutWorkerName } from '../shared-schemas';
import { serviceCategories, serviceLines } from './catalogue-events';

/**
 * An order's life from placement to closing, job execution included. Stream: `order-<orderId>`.
 * Personal data stays out: the customer's name, phone and street address live in the orders
 * service's contact book under `contactId`, so they can be erased without rewriting events.
 */
const topic = 'orders.events';
const orderId = z.uuid();
const workerId = z.string().min(1).max(80);
const fileId = z.string().regex(/^[a-f0-9]{64}$/, 'must be a file id returned by the file upload');

export const orderChannels = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a channel code such as app or douyin_live');

export const checklistEntrySchema = z.object({
  key: z.string().min(1).max(40),
  area: z.string().min(1).max(60),
  criterion: z.string().min(1).max(200),
});

export const OrderPlaced = defineEvent({
  type: 'OrderPlaced',
  version: 1,
  topic,
  description: 'An order was accepted from a channel (app, partner webhook, phone, yearly package).',
  schema: z.object({
    orderId,
    channel: orderChannels,
    channelOrderId: z.string().min(1).max(100).nullable(),
    branchId: z.string().min(1).max(40),
    customerId: z.string().min(1).max(80),
    contactId: z.uuid(),
    address: z.object({
      city: z.string().min(1).max(40),
      district: z.string().min(1).max(40),
      location: geoPointSchema,
    }),
    item: z.object({
      code: z.string().min(1).max(40),
      name: z.object({ zh: z.string(), en: z.string() }),
      line: z.enum(serviceLines),
      category: z.enum(serviceCategories),
      qualification: z.string().min(1),
      expectedMinutes: z.number().int().positive(),
      basePrice: moneySchema,
      checklist: z.array(checklistEntrySchema).min(1),
    }),
    appointment: timeWindowSchema,
    notes: z.string().max(1000),
    attachments: z.array(z.object({ fileId, kind: z.enum(['photo', 'fault_picture', 'document']) })).max(20),
    product: z
      .object({
        category: z.string().min(1).max(60),
        model: z.string().min(1).max(100),
        purchaseDate: z.iso.date(),
        fault: z.string().min(1).max(2000),
      })
      .nullable(),
    packageId: z.uuid().nullable(),
  }),
});

export const OrderRescheduled = defineEvent({
  type: 'OrderRescheduled',
  version: 1,
  topic,
  description: 'The appointment window of an order was moved.',
  schema: z.object({
    orderId,
    from: timeWindowSchema,
    to: timeWindowSchema,
    reason: z.string().min(1).max(500),
  }),
});

export const OrderCancelled = defineEvent({
  type: 'OrderCancelled',
  version: 1,
  topic,
  description:
    'An order was cancelled before work started; `late` marks a cancellation inside the notice period.',
  schema: z.object({
    orderId,
    reason: z.string().min(1).max(500),
    by: z.enum(['customer', 'company', 'channel']),
    late: z.boolean(),
  }),
});

const orderAssignedV1Data = z.object({
  orderId,
  assignmentId: z.uuid(),
  workerId,
  workerName: z.string().min(1).max(100),
});

export const OrderAssignedV1 = defineEvent({
  type: 'OrderAssigned',
  version: 1,
  topic,
  description:
    'The order recorded the worker dispatch assigned (v1, frozen: its workerName held the worker id).',
  schema: orderAssignedV1Data,
});

export const OrderAssigned = defineEvent({
  type: 'OrderAssigned',
  version: 2,
  topic,
  description:
    "The order recorded the worker dispatch assigned (from dispatch's TechnicianAssigned). The worker's name is workforce's: resolve workerId there.",
  schema: orderAssignedV1Data.omit({ workerName: true }),
  upcastFrom: {
    version: 1,
    upcast: (older) => withoutWorkerName(older as z.infer<typeof orderAssignedV1Data>),
  },
});

export const OrderAssignmentWithdrawn = defineEvent({
  type: 'OrderAssignmentWithdrawn',
  version: 1,
  topic,
  description: "The order no longer has a worker (from dispatch's TechnicianUnassigned).",
  schema: z.object({ orderId, assignmentId: z.uuid(), workerId, reason: z.string().min(1).max(500) }),
});

export const JobCheckedIn = defineEvent({
  type: 'JobCheckedIn',
  version: 1,
  topic,
  description: "The assigned worker checked in at the customer's address; work has started.",
  schema: z.object({
    orderId,
    workerId,
    position: geoPointSchema,
    distanceMeters: z.number().int().nonnegative(),
  }),
});

export const ChecklistItemRecorded = defineEvent({
  type: 'ChecklistItemRecorded',
  version: 1,
  topic,
  description: "The worker ticked (or unticked) one criterion of the item's standard.",
  schema: z.object({
    orderId,
    key: z.string().min(1).max(40),
    done: z.boolean(),
    note: z.string().max(500).nullable(),
  }),
});

export const JobPhotoAdded = defineEvent({
  type: 'JobPhotoAdded',
  version: 1,
  topic,
  description:
    'Photo evidence was attached to the job (before, after, fault), optionally for one checklist entry.',
  schema: z.object({
    orderId,
    fileId,
    kind: z.enum(['before', 'after', 'fault', 'evidence']),
    checklistKey: z.string().min(1).max(40).nullable(),
  }),
});

export const SparePartRequested = defineEvent({
  type: 'SparePartRequested',
  version: 1,
  topic,
  description: 'The worker asked for a spare part for this job; billing and the warehouse act on it.',
  schema: z.object({
    orderId,
    requestId: z.uuid(),
    partCode: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be a part code such as WM-PUMP-01'),
    quantity: z.number().int().min(1).max(99),
    reason: z.string().min(1).max(500),
  }),
});

export const CustomerSigned = defineEvent({
  type: 'CustomerSigned',
  version: 1,
  topic,
  description:
    "The customer signed the job off on the worker's device; the signature image is a stored file.",
  schema: z.object({ orderId, signatureFileId: fileId, signerName: z.string().min(1).max(100) }),
});

export const JobCompleted = defineEvent({
  type: 'JobCompleted',
  version: 1,
  topic,
  description:
    'The worker finished the job: standard met, signed off. Billing settles it, feedback surveys the customer.',
  schema: z.object({
    orderId,
    workerId,
    checklistDone: z.number().int().nonnegative(),
    checklistTotal: z.number().int().positive(),
    photos: z.number().int().nonnegative(),
    sparePartRequests: z.number().int().nonnegative(),
  }),
});

export const OrderClosed = defineEvent({
  type: 'OrderClosed',
  version: 1,
  topic,
  description: 'A completed order was closed by the company; nothing more happens on it.',
  schema: z.object({ orderId, note: z.string().max(500) }),
});

export const orderEvents = [
  OrderPlaced,
  OrderRescheduled,
  OrderCancelled,
  OrderAssignedV1,
  OrderAssigned,
  OrderAssignmentWithdrawn,
  JobCheckedIn,
  ChecklistItemRecorded,
  JobPhotoAdded,
  SparePartRequested,
  CustomerSigned,
  JobCompleted,
  OrderClosed,
];
