import type { EventEnvelope } from '@platform/contracts';
import { applyOnce, type Projection } from '@platform/eventing';
import type { Connection } from 'mongoose';
import type { OrderEvent } from '../../order/order.decider';
import { checklistStateKey, orderDetailModel, type TimelineEntry } from './order-detail.schema';

/** The line the audit trail shows for an event: what happened, in a sentence. */
export function describe(event: OrderEvent): string {
  switch (event.type) {
    case 'OrderPlaced':
      return `Order placed via ${event.data.channel}${event.data.channelOrderId ? ` (${event.data.channelOrderId})` : ''}: ${event.data.item.name.en}`;
    case 'OrderRescheduled':
      return `Rescheduled from ${event.data.from.start} to ${event.data.to.start}: ${event.data.reason}`;
    case 'OrderCancelled':
      return `Cancelled by ${event.data.by}${event.data.late ? ' inside the notice period' : ''}: ${event.data.reason}`;
    case 'OrderAssigned':
      return `Assigned to ${event.data.workerName} (${event.data.workerId})`;
    case 'OrderAssignmentWithdrawn':
      return `Assignment of ${event.data.workerId} withdrawn: ${event.data.reason}`;
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

export const orderDetailProjection: Projection = {
  name: 'order-detail',
  collections: ['order_details'],
  handles: [
    'OrderPlaced',
    'OrderRescheduled',
    'OrderCancelled',
    'OrderAssigned',
    'OrderAssignmentWithdrawn',
    'JobCheckedIn',
    'ChecklistItemRecorded',
    'JobPhotoAdded',
    'SparePartRequested',
    'CustomerSigned',
    'JobCompleted',
    'OrderClosed',
  ],
  async apply(envelope: EventEnvelope, connection: Connection) {
    const event = envelope as unknown as OrderEvent & EventEnvelope;
    const at = new Date(envelope.occurredAt);
    const entry: TimelineEntry = { at, type: event.type, actor: envelope.actor, summary: describe(event) };
    const set: Record<string, unknown> = {};
    const push: Record<string, unknown> = { timeline: entry };
    switch (event.type) {
      case 'OrderPlaced': {
        const d = event.data;
        Object.assign(set, {
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
        });
        break;
      }
      case 'OrderCancelled':
        set.cancellation = { reason: event.data.reason, by: event.data.by, late: event.data.late };
        break;
      case 'JobCheckedIn':
        set.checkIn = { at, position: event.data.position, distanceMeters: event.data.distanceMeters };
        break;
      case 'ChecklistItemRecorded':
        set[`checklistState.${checklistStateKey(event.data.key)}`] = {
          done: event.data.done,
          note: event.data.note,
        };
        break;
      case 'JobPhotoAdded':
        push.photos = {
          fileId: event.data.fileId,
          kind: event.data.kind,
          checklistKey: event.data.checklistKey,
          at,
        };
        break;
      case 'SparePartRequested': {
        const { requestId, partCode, quantity, reason } = event.data;
        push.spareParts = { requestId, partCode, quantity, reason, at };
        break;
      }
      case 'CustomerSigned':
        set.signature = { fileId: event.data.signatureFileId, signerName: event.data.signerName, at };
        break;
      case 'JobCompleted':
        set.completedAt = at;
        break;
      case 'OrderClosed':
        set.closedAt = at;
        break;
      default:
        break;
    }
    await applyOnce(orderDetailModel(connection), event.data.orderId, envelope, { $set: set, $push: push });
  },
};
