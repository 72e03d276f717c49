import { orderEvents, type EventEnvelope } from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';
import type { OrderEvent } from '../../order/order.decider';

export interface TimelineEntry {
  at: string;
  type: string;
  actor: { kind: string; id: string; role?: string };
  summary: string;
  /** The worker the entry is about (assigned, withdrawn, checked in, completed), by id. */
  workerId?: string;
}

/** Everything one order's page shows, timeline (the audit trail) included; instants as ISO strings (JSON). */
export interface OrderDetailDocument {
  orderId: string;
  notes: string;
  location: { lat: number; lng: number };
  attachments: { fileId: string; kind: string }[];
  product: { category: string; model: string; purchaseDate: string; fault: string } | null;
  checklist: { key: string; area: string; criterion: string }[];
  /** Per checklist key (dots replaced by dashes, which any document store takes as a field name): its latest record. */
  checklistState: Record<string, { done: boolean; note: string | null }>;
  photos: { fileId: string; kind: string; checklistKey: string | null; at: string }[];
  spareParts: { requestId: string; partCode: string; quantity: number; reason: string; at: string }[];
  signature: { fileId: string; signerName: string; at: string } | null;
  checkIn: { at: string; position: { lat: number; lng: number }; distanceMeters: number } | null;
  cancellation: { reason: string; by: string; late: boolean } | null;
  completedAt: string | null;
  closedAt: string | null;
  timeline: TimelineEntry[];
}

export const checklistStateKey = (key: string) => key.replace(/\./g, '-');

const orderEventTypes = [...new Set(orderEvents.map((definition) => definition.type))];

/** The line the audit trail shows for an event: what happened, in a sentence. */
export function describe(event: OrderEvent): string {
  switch (event.type) {
    case 'OrderPlaced':
      return `Order placed via ${event.data.channel}${event.data.channelOrderId ? ` (${event.data.channelOrderId})` : ''}: ${event.data.item.name.en}`;
    case 'OrderRescheduled':
      return `Rescheduled from ${event.data.from.start} to ${event.data.to.start}: ${event.data.reason}`;
    case 'OrderCancelled':
      return `Cancelled by ${event.data.by}${event.data.late ? ' inside the notice period' : ''}: ${event.data.reason}`;
    // Orders knows workers by id only: the entry's worker reference is named by workforce, in the graph.
    case 'OrderAssigned':
      return 'Assigned to a worker';
    case 'OrderAssignmentWithdrawn':
      return `Assignment withdrawn: ${event.data.reason}`;
    case 'JobCheckedIn':
      return `Checked in ${event.data.distanceMeters} m from the address`;
    case 'ChecklistItemRecorded':
      return `Checklist ${event.data.key} ${event.data.done ? 'done' : 'reopened'}${event.data.note ? `: ${event.data.note}` : ''}`;
    case 'JobPhotoAdded':
      return `Photo added (${event.data.kind}${event.data.checklistKey ? `, checklist ${event.data.checklistKey}` : ''})`;
    case 'SparePartRequested':
      return `Spare part requested: ${event.data.partCode} × ${event.data.quantity} (${event.data.reason})`;
    case 'CustomerSigned':
      return `Signed off by ${event.data.signerName}`;
    case 'JobCompleted':
      return `Job completed: ${event.data.checklistDone}/${event.data.checklistTotal} checklist items, ${event.data.photos} photos`;
    case 'OrderClosed':
      return `Order closed${event.data.note ? `: ${event.data.note}` : ''}`;
  }
}

/**
 * The order page's document after one more event: pure, so the audit trail and job progress are
 * specified without a database. Nothing before OrderPlaced (the first event of every order).
 */
export function evolveDetail(
  doc: OrderDetailDocument | null,
  envelope: EventEnvelope,
): OrderDetailDocument | null {
  const event = envelope as unknown as OrderEvent & EventEnvelope;
  const at = new Date(envelope.occurredAt).toISOString();
  const workerId = 'workerId' in event.data ? event.data.workerId : undefined;
  const entry = {
    at,
    type: event.type,
    actor: envelope.actor,
    summary: describe(event),
    ...(workerId && { workerId }),
  };
  if (event.type === 'OrderPlaced') {
    const d = event.data;
    return {
      orderId: d.orderId,
      notes: d.notes,
      location: d.address.location,
      attachments: d.attachments,
      product: d.product,
      checklist: d.item.checklist,
      checklistState: {},
      photos: [],
      spareParts: [],
      signature: null,
      checkIn: null,
      cancellation: null,
      completedAt: null,
      closedAt: null,
      timeline: [entry],
    };
  }
  if (!doc) return null;
  const next: OrderDetailDocument = { ...doc, timeline: [...doc.timeline, entry] };
  switch (event.type) {
    case 'OrderCancelled':
      next.cancellation = { reason: event.data.reason, by: event.data.by, late: event.data.late };
      break;
    case 'JobCheckedIn':
      next.checkIn = { at, position: event.data.position, distanceMeters: event.data.distanceMeters };
      break;
    case 'ChecklistItemRecorded':
      next.checklistState = {
        ...doc.checklistState,
        [checklistStateKey(event.data.key)]: { done: event.data.done, note: event.data.note },
      };
      break;
    case 'JobPhotoAdded':
      next.photos = [
        ...doc.photos,
        { fileId: event.data.fileId, kind: event.data.kind, checklistKey: event.data.checklistKey, at },
      ];
      break;
    case 'SparePartRequested': {
      const { requestId, partCode, quantity, reason } = event.data;
      next.spareParts = [...doc.spareParts, { requestId, partCode, quantity, reason, at }];
      break;
    }
    case 'CustomerSigned':
      next.signature = { fileId: event.data.signatureFileId, signerName: event.data.signerName, at };
      break;
    case 'JobCompleted':
      next.completedAt = at;
      break;
    case 'OrderClosed':
      next.closedAt = at;
      break;
    default:
      break;
  }
  return next;
}

/**
 * The order page (timeline, checklist, photos, parts, signature) as one JSON document per order
 * in PostgreSQL (ADR 0010: FerretDB 1.x serialises writes, about 40 a second, too few for order
 * traffic). It takes every order event, so a mutation waits for its position before answering.
 */
export const orderDetail: ReadModel<OrderDetailDocument, 'postgres'> = {
  name: 'order_detail_docs',
  store: 'postgres',
  handles: orderEventTypes,
  ids: (event) => [(event.data as { orderId: string }).orderId],
  evolve: evolveDetail,
};
