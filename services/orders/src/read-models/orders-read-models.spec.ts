import type { EventEnvelope } from '@platform/contracts';
import { offers } from './involvement/order-involvement';
import { orderFiles } from './order-files/order-files.read-model';
import { orderBoard, type OrderBoardDocument } from './order-board/order-board.read-model';

const orderId = '7d3c1a9e-2f4b-4c8d-9e1a-3b5c7d9e1f20';
let position = 0;
const event = (type: string, data: Record<string, unknown>, occurredAt = '2026-12-01T02:00:00.000Z') =>
  ({
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId: `order-${orderId}`,
    streamPosition: position++,
    occurredAt,
    recordedAt: occurredAt,
    correlationId: 'c',
    causationId: null,
    actor: { kind: 'system', id: 'spec' },
    data: { orderId, ...data },
  }) as EventEnvelope;

const photo = 'f'.repeat(64);
const placed = event('OrderPlaced', {
  channel: 'tmall',
  channelOrderId: 'TM-1',
  branchId: 'shanghai',
  customerId: 'cust-1',
  contactId: '5b0e7c1a-3d2f-4e6a-8b9c-0d1e2f3a4b5c',
  address: { city: 'shanghai', district: '徐汇区', location: { lat: 31.19, lng: 121.43 } },
  item: { code: 'HC-DAILY-3H', name: { zh: '日常保洁', en: 'Daily cleaning' }, category: 'cleaning', line: 'home_services' },
  appointment: { start: '2026-12-03T09:00:00+08:00', end: '2026-12-03T12:00:00+08:00' },
  attachments: [{ fileId: photo, kind: 'photo' }],
  packageId: null,
});

const fold = <D extends object>(readModel: { evolve(d: D | null, e: EventEnvelope, id: string): D | null }, id: string, events: EventEnvelope[]) =>
  events.reduce<D | null>((document, next) => readModel.evolve(document, next, id), null);

describe('the order board document', () => {
  it('keeps instants in UTC, so that their text sorts as time does', () => {
    const board = fold<OrderBoardDocument>(orderBoard, orderId, [placed])!;
    expect(board).toMatchObject({
      status: 'placed',
      appointmentStart: '2026-12-03T01:00:00.000Z',
      appointmentEnd: '2026-12-03T04:00:00.000Z',
      workerId: null,
      placedAt: '2026-12-01T02:00:00.000Z',
    });
    expect(board).not.toHaveProperty('customerName');
  });

  it('follows the order through assignment, withdrawal, a reschedule and completion', () => {
    const board = fold<OrderBoardDocument>(orderBoard, orderId, [
      placed,
      event('OrderAssigned', { assignmentId: 'a-1', workerId: 'w-1' }),
      event('OrderAssignmentWithdrawn', { assignmentId: 'a-1', workerId: 'w-1', reason: '请假' }),
      event('OrderRescheduled', { to: { start: '2026-12-04T14:00:00+08:00', end: '2026-12-04T17:00:00+08:00' } }),
      event('OrderAssigned', { assignmentId: 'a-2', workerId: 'w-2' }),
      event('JobCheckedIn', { workerId: 'w-2' }),
      event('JobCompleted', { workerId: 'w-2' }, '2026-12-04T08:00:00.000Z'),
    ])!;
    expect(board).toMatchObject({
      status: 'completed',
      workerId: 'w-2',
      appointmentStart: '2026-12-04T06:00:00.000Z',
      updatedAt: '2026-12-04T08:00:00.000Z',
    });
  });

  it('leaves alone an order it never saw placed', () => {
    expect(orderBoard.evolve(null, event('OrderClosed', { note: '' }), orderId)).toBeNull();
  });
});

describe('the order files document', () => {
  it('lists each order a file is attached to, once per use', () => {
    const signed = event('CustomerSigned', { signatureFileId: photo, signerName: '陈静' });
    expect(orderFiles.ids!(placed, async () => [])).toEqual([photo]);
    expect(fold(orderFiles, photo, [placed, signed, signed])).toEqual({
      fileId: photo,
      attachedTo: [
        { orderId, use: 'attachment' },
        { orderId, use: 'signature' },
      ],
    });
  });
});

describe('the offer document', () => {
  it('stays closed once closed, whatever arrives after its closing', () => {
    const offer = { offerId: 'o-1', workerId: 'w-1' };
    const offered = fold(offers, 'o-1', [event('OfferMade', offer), event('OfferDeclined', offer), event('OfferMade', offer)]);
    expect(offered).toEqual({ ...offer, orderId, open: false });
    expect(fold(offers, 'o-1', [event('OfferMade', offer)])).toMatchObject({ open: true });
  });
});
