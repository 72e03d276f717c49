import type { EventEnvelope } from '@platform/contracts';
import { applyOnce, type Projection } from '@platform/eventing';
import type { Connection } from 'mongoose';
import type { ContactBook } from '../../contacts/contact-book';
import type { OrderEvent } from '../../order/order.decider';
import { orderBoardModel, type OrderBoardRow } from './order-board.schema';

/** The status each order event leaves an order in, as the board shows it. */
const statusAfter: Partial<Record<OrderEvent['type'], string>> = {
  OrderPlaced: 'placed',
  OrderCancelled: 'cancelled',
  OrderAssigned: 'assigned',
  OrderAssignmentWithdrawn: 'placed',
  JobCheckedIn: 'in_progress',
  JobCompleted: 'completed',
  OrderClosed: 'closed',
};

export function orderBoardProjection(contacts: ContactBook): Projection {
  return {
    name: 'order-board',
    collections: ['order_board'],
    handles: [
      'OrderPlaced',
      'OrderRescheduled',
      'OrderCancelled',
      'OrderAssigned',
      'OrderAssignmentWithdrawn',
      'JobCheckedIn',
      'JobCompleted',
      'OrderClosed',
    ],
    async apply(envelope: EventEnvelope, connection: Connection) {
      const event = envelope as unknown as OrderEvent & EventEnvelope;
      const model = orderBoardModel(connection);
      const at = new Date(envelope.occurredAt);
      const status = statusAfter[event.type];
      const set: Partial<OrderBoardRow> = { updatedAt: at, ...(status ? { status } : {}) };
      switch (event.type) {
        case 'OrderPlaced': {
          const d = event.data;
          const contact = (await contacts.find([d.contactId])).get(d.contactId);
          Object.assign(set, {
            channel: d.channel,
            channelOrderId: d.channelOrderId,
            branchId: d.branchId,
            city: d.address.city,
            district: d.address.district,
            itemCode: d.item.code,
            itemName: d.item.name,
            category: d.item.category,
            line: d.item.line,
            customerId: d.customerId,
            contactId: d.contactId,
            customerName: contact?.name ?? '',
            phoneLast4: contact?.phone.slice(-4) ?? '',
            appointmentStart: new Date(d.appointment.start),
            appointmentEnd: new Date(d.appointment.end),
            workerId: null,
            workerName: null,
            packageId: d.packageId,
            placedAt: at,
          });
          break;
        }
        case 'OrderRescheduled':
          Object.assign(set, {
            appointmentStart: new Date(event.data.to.start),
            appointmentEnd: new Date(event.data.to.end),
          });
          break;
        case 'OrderAssigned':
          Object.assign(set, { workerId: event.data.workerId, workerName: event.data.workerName });
          break;
        case 'OrderAssignmentWithdrawn':
          Object.assign(set, { workerId: null, workerName: null });
          break;
        default:
          break;
      }
      await applyOnce(model, event.data.orderId, envelope, { $set: set });
    },
  };
}
