import type { EventData, OrderPlaced } from '@platform/contracts';
import { placeOrderRequestSchema } from './place-order.request';
import { placementDifferences } from './placement-differences';

const request = placeOrderRequestSchema.parse({
  channel: 'tmall',
  channelOrderId: 'TM-1',
  customerId: 'tmall:lin',
  contact: { name: '林晓', phone: '13722223333', street: '南京西路 1266 号' },
  address: { city: 'Shanghai', district: '静安区', location: { lat: 31.2286, lng: 121.4521 } },
  itemCode: 'HC-DAILY-3H',
  appointment: { start: '2031-06-18T14:00:00+08:00', end: '2031-06-18T17:00:00+08:00' },
  notes: '家里有猫',
});
const contact = request.contact;

/** The order as the first request placed it. */
const placed = {
  orderId: '6f0c3a2e-1b7d-4c55-9a0e-2d3f4b5c6d7e',
  channel: request.channel,
  channelOrderId: request.channelOrderId,
  branchId: 'shanghai',
  customerId: request.customerId,
  contactId: '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  address: request.address,
  item: { code: 'HC-DAILY-3H' },
  appointment: { start: '2031-06-18T06:00:00.000Z', end: '2031-06-18T09:00:00.000Z' },
  notes: request.notes,
  attachments: [],
  product: null,
  packageId: null,
} as unknown as EventData<typeof OrderPlaced>;

describe('a repeated order request against the order first placed under its id', () => {
  it('finds no difference in a resend of the same content (instants compared, not their spelling)', () => {
    expect(placementDifferences(placed, contact, request)).toEqual([]);
  });

  it('names each field that says something else', () => {
    const changed = placeOrderRequestSchema.parse({
      ...request,
      notes: '家里有两只猫',
      contact: { ...contact, phone: '13700000000' },
      appointment: { start: '2031-06-18T15:00:00+08:00', end: '2031-06-18T17:00:00+08:00' },
    });
    expect(placementDifferences(placed, contact, changed)).toEqual([
      'contact.phone',
      'appointment.start',
      'notes',
    ]);
  });

  it('compares a product field by field, and a product that came or went as a whole', () => {
    const product = {
      category: 'smart_home',
      model: 'SL-X3',
      purchaseDate: '2025-06-18',
      fault: '指纹识别失败',
    };
    const withProduct = { ...placed, product };
    expect(
      placementDifferences(withProduct, contact, { ...request, product: { ...product, fault: '门锁没电' } }),
    ).toEqual(['product.fault']);
    expect(placementDifferences(withProduct, contact, request)).toEqual(['product']);
  });

  it('leaves the contact out once it has been erased', () => {
    const other = { ...request, contact: { ...contact, name: '另一个人' } };
    expect(placementDifferences(placed, undefined, other)).toEqual([]);
    expect(placementDifferences(placed, contact, other)).toEqual(['contact.name']);
  });
});
