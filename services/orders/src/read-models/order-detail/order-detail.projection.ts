import type { EventEnvelope } from '@platform/contracts';
import type { OrderEvent } from '../../order/order.decider';
import { checklistStateKey, type OrderDetailDoc } from './order-detail.schema';

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
 * specified without a database. `undefined` before OrderPlaced (the first event of every order).
 */
export function evolveDetail(
  doc: OrderDetailDoc | undefined,
  envelope: EventEnvelope,
): OrderDetailDoc | undefined {
  const event = envelope as unknown as OrderEvent & EventEnvelope;
  const at = new Date(envelope.occurredAt);
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
      _id: d.orderId,
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
  if (!doc) return doc;
  const next: OrderDetailDoc = { ...doc, timeline: [...doc.timeline, entry] };
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
