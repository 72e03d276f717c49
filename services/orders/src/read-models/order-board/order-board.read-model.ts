import type { EventEnvelope } from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';
import { orderBoardHours } from './order-board-hours';
import type { OrderEvent } from '../../order/order.decider';

/**
 * One order on the dispatcher's board. Instants are ISO-8601 in UTC, so that their text sorts and
 * compares as time does (the board's SQL and its indexes work on the text). The customer's name
 * and phone are not here: they stay in the contact book, joined when the board is searched.
 */
export interface OrderBoardDocument {
  orderId: string;
  status: string;
  channel: string;
  channelOrderId: string | null;
  branchId: string;
  city: string;
  district: string;
  itemCode: string;
  itemName: { zh: string; en: string };
  category: string;
  line: string;
  customerId: string;
  contactId: string;
  appointmentStart: string;
  appointmentEnd: string;
  workerId: string | null;
  packageId: string | null;
  placedAt: string;
  updatedAt: string;
}

/** An order as the resolvers take it: the board's document, its id as `_id`, its appointment as instants. */
export type OrderBoardRow = Omit<OrderBoardDocument, 'appointmentStart' | 'appointmentEnd'> & {
  _id: string;
  appointmentStart: Date;
  appointmentEnd: Date;
};

export const toRow = (document: OrderBoardDocument): OrderBoardRow => ({
  ...document,
  _id: document.orderId,
  appointmentStart: new Date(document.appointmentStart),
  appointmentEnd: new Date(document.appointmentEnd),
});

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

const utc = (instant: string) => new Date(instant).toISOString();

/**
 * The order board in PostgreSQL (ADR 0010): filtered, sorted, paged and counted on every look,
 * which FerretDB 1.x answers by reading every document. Indexed as the board is asked: by branch
 * and status, by appointment, by customer, by worker, and by contact for a phone search.
 */
export const orderBoard: ReadModel<OrderBoardDocument, 'postgres'> = {
  name: 'order_board_docs',
  store: 'postgres',
  handles: [...Object.keys(statusAfter), 'OrderRescheduled'],
  ids: (event) => [(event.data as { orderId: string }).orderId],
  evolve(document, envelope: EventEnvelope) {
    const event = envelope as unknown as OrderEvent & EventEnvelope;
    const at = utc(envelope.occurredAt);
    if (event.type === 'OrderPlaced') {
      const d = event.data;
      return {
        orderId: d.orderId,
        status: 'placed',
        channel: d.channel,
        channelOrderId: d.channelOrderId,
        branchId: d.branchId,
        city: d.address.city,
        district: d.address.district,
        itemCode: d.item.code,
        itemName: { zh: d.item.name.zh, en: d.item.name.en },
        category: d.item.category,
        line: d.item.line,
        customerId: d.customerId,
        contactId: d.contactId,
        appointmentStart: utc(d.appointment.start),
        appointmentEnd: utc(d.appointment.end),
        workerId: null,
        packageId: d.packageId,
        placedAt: at,
        updatedAt: at,
      };
    }
    // Events of an order the board never saw placed are left alone.
    if (!document) return null;
    const next = { ...document, updatedAt: at, status: statusAfter[event.type] ?? document.status };
    if (event.type === 'OrderRescheduled') {
      next.appointmentStart = utc(event.data.to.start);
      next.appointmentEnd = utc(event.data.to.end);
    }
    if (event.type === 'OrderAssigned') next.workerId = event.data.workerId;
    if (event.type === 'OrderAssignmentWithdrawn') next.workerId = null;
    return next;
  },
  indexes: [
    { fields: { branchId: 1, status: 1, appointmentStart: 1 }, expressions: ['id'] },
    { fields: { appointmentStart: 1 }, expressions: ['id'] },
    { fields: { customerId: 1, appointmentStart: 1 } },
    { fields: { workerId: 1, appointmentStart: 1 } },
    { fields: { contactId: 1 } },
  ],
  // Orders counted per branch, hour, channel and status, kept by a trigger, for the dashboard.
  postgres: orderBoardHours,
};
