import { z } from 'zod';
import { defineEvent } from '../define-event';
import { geoPointSchema, isoInstant, withoutWorkerName } from '../shared-schemas';

/**
 * Dispatch's offers, failures and service-level breaches. Stream: `assignment-<orderId>` (the
 * order's whole dispatch history, with TechnicianAssigned/Unassigned); slot reservations are on
 * `schedule-<workerId>-<day>` so that two orders can never take one worker's time.
 */
const topic = 'dispatch.events';
const orderId = z.uuid();
const workerId = z.string().min(1).max(80);
const offerId = z.uuid();

const rules = z.array(z.string().min(1).max(40)).min(1);

const dispatchDecidedV1Data = z.object({
  orderId,
  decisionId: z.uuid(),
  /** The scoring policy's name and version, so a decision can be replayed under another. */
  policy: z.string().min(1).max(80),
  ranked: z
    .array(z.object({ workerId, workerName: z.string().min(1).max(100), offerId, score: z.number() }))
    .max(50),
  ruledOut: z.array(z.object({ workerId, rules })).max(200),
  moreRuledOut: z.number().int().nonnegative(),
});

export const DispatchDecidedV1 = defineEvent({
  type: 'DispatchDecided',
  version: 1,
  topic,
  description:
    "Dispatch ranked the candidates for an order (v1, frozen: each candidate's workerName held the worker id).",
  schema: dispatchDecidedV1Data,
});

export const DispatchDecided = defineEvent({
  type: 'DispatchDecided',
  version: 2,
  topic,
  description:
    "Dispatch ranked the candidates for an order (the full provenance, with every score component, is kept under decisionId); offers go down this list. Workers' names are workforce's: resolve workerId there.",
  schema: dispatchDecidedV1Data.extend({
    ranked: z.array(z.object({ workerId, offerId, score: z.number() })).max(50),
  }),
  upcastFrom: {
    version: 1,
    upcast: (older) => {
      const v1 = older as z.infer<typeof dispatchDecidedV1Data>;
      return { ...v1, ranked: v1.ranked.map(withoutWorkerName) };
    },
  },
});

export const OfferMade = defineEvent({
  type: 'OfferMade',
  version: 1,
  topic,
  description:
    'The best remaining candidate was offered the job (message card with accept and decline); it lapses at expiresAt.',
  schema: z.object({
    orderId,
    offerId,
    workerId,
    /** 1 for the best candidate of the decision, 2 for the next, … */
    rank: z.number().int().min(1),
    /** The stored decision (candidates, failed rules, score components) this offer comes from. */
    decisionId: z.uuid(),
    expiresAt: isoInstant,
  }),
});

export const OfferAccepted = defineEvent({
  type: 'OfferAccepted',
  version: 1,
  topic,
  description:
    'The worker accepted the offer; the slot is theirs (TechnicianAssigned follows in the same append).',
  schema: z.object({ orderId, offerId, workerId }),
});

export const OfferDeclined = defineEvent({
  type: 'OfferDeclined',
  version: 1,
  topic,
  description: 'The worker declined the offer; the next candidate is offered the job.',
  schema: z.object({ orderId, offerId, workerId, reason: z.string().min(1).max(500) }),
});

export const OfferExpired = defineEvent({
  type: 'OfferExpired',
  version: 1,
  topic,
  description: "Nobody answered within the branch's offer timeout; the next candidate is offered the job.",
  schema: z.object({ orderId, offerId, workerId }),
});

export const OfferWithdrawn = defineEvent({
  type: 'OfferWithdrawn',
  version: 1,
  topic,
  description:
    'An open offer was taken back (the order was cancelled, moved, or a dispatcher assigned someone by hand).',
  schema: z.object({ orderId, offerId, workerId, reason: z.string().min(1).max(500) }),
});

export const DispatchFailed = defineEvent({
  type: 'DispatchFailed',
  version: 1,
  topic,
  description:
    "No candidate is left for the order; it waits in the dispatcher's queue with the reasons each worker was passed over.",
  schema: z.object({
    orderId,
    decisionId: z.uuid().nullable(),
    /** Workers who declined or let an offer lapse, and those the hard rules ruled out, with the rules they failed. */
    reasons: z.array(z.object({ workerId, rules })).max(200),
    /** How many more workers were ruled out than are listed. */
    moreRuledOut: z.number().int().nonnegative(),
  }),
});

export const SlaBreached = defineEvent({
  type: 'SlaBreached',
  version: 1,
  topic,
  description:
    "A service-level target of the branch was missed (accept within N minutes, arrive by the window start, finish in the expected time); it lands in the dispatcher's queue.",
  schema: z.object({
    orderId,
    kind: z.enum(['accept', 'arrive', 'finish']),
    dueAt: isoInstant,
    workerId: workerId.nullable(),
  }),
});

export const SlotReserved = defineEvent({
  type: 'SlotReserved',
  version: 1,
  topic,
  description: "A stretch of a worker's day (the job and the buffer after it) is held for an order.",
  schema: z.object({
    workerId,
    orderId,
    /** The assignment the time is held for; a release names it, so a stale release frees nothing newer. */
    reservationId: z.uuid(),
    /** The day in China Standard Time (YYYY-MM-DD). */
    day: z.iso.date(),
    start: isoInstant,
    end: isoInstant,
    /**
     * Where the job is and the branch's travel speed, so that the next reservation of the day also
     * leaves the drive between the two. Absent in reservations made before travel was guarded.
     */
    location: geoPointSchema.optional(),
    travelSpeedKmh: z.number().positive().max(200).optional(),
  }),
});

export const SlotReleased = defineEvent({
  type: 'SlotReleased',
  version: 1,
  topic,
  description: "The worker's time held for an order is free again.",
  schema: z.object({ workerId, orderId, reservationId: z.uuid(), day: z.iso.date() }),
});

const queueKind = z.enum(['dispatch_failed', 'auto_dispatch_off', 'sla_breached', 'released']);
const itemId = z.string().min(1).max(200);

export const QueueItemRaised = defineEvent({
  type: 'QueueItemRaised',
  version: 1,
  topic,
  description:
    "An order needs a dispatcher (stream `dispatcher-queue-<orderId>`): nobody took it, its worker was released, a service-level target was missed, or its branch's auto-dispatch is off. An open item of the same kind (SLA breaches aside) takes the latest details instead of a second item.",
  schema: z.object({
    orderId,
    itemId,
    branchId: z.string().min(1).max(40),
    kind: queueKind,
    /** What the dispatcher is shown: the failure's reasons and counts per rule, the missed target, the released worker. */
    details: z.record(z.string(), z.unknown()),
  }),
});

export const QueueItemResolved = defineEvent({
  type: 'QueueItemResolved',
  version: 1,
  topic,
  description: "A dispatcher resolved an item of the dispatcher's queue, with a note.",
  schema: z.object({ orderId, itemId, resolution: z.string().min(1).max(600) }),
});

export const offerEvents = [
  DispatchDecidedV1,
  DispatchDecided,
  OfferMade,
  OfferAccepted,
  OfferDeclined,
  OfferExpired,
  OfferWithdrawn,
  DispatchFailed,
  SlaBreached,
  SlotReserved,
  SlotReleased,
  QueueItemRaised,
  QueueItemResolved,
];
