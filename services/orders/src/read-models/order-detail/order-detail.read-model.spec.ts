import type { Actor, EventEnvelope } from '@platform/contracts';
import { evolveDetail } from './order-detail.read-model';

const orderId = '7d3c1a9e-2f4b-4c8d-9e1a-3b5c7d9e1f20';
let position = 0;
const worker: Actor = { kind: 'user', id: 'w-7', role: 'worker' };
const event = (type: string, data: Record<string, unknown>, actor: Actor = worker) =>
  ({
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId: `order-${orderId}`,
    streamPosition: position++,
    occurredAt: `2026-12-01T0${position}:00:00.000Z`,
    recordedAt: `2026-12-01T0${position}:00:00.000Z`,
    correlationId: 'c',
    causationId: null,
    actor,
    data: { orderId, ...data },
  }) as EventEnvelope;

const placed = event(
  'OrderPlaced',
  {
    channel: 'douyin_live',
    channelOrderId: 'DY-1',
    notes: '请带鞋套',
    address: { city: 'shanghai', district: '徐汇区', location: { lat: 31.19, lng: 121.43 } },
    attachments: [],
    product: null,
    item: {
      name: { zh: '日常保洁', en: 'Daily cleaning' },
      checklist: [
        { key: '1.1', area: '厨房 Kitchen', criterion: '灶台无油污' },
        { key: '1.2', area: '厨房 Kitchen', criterion: '水槽无水渍' },
      ],
    },
  },
  { kind: 'partner', id: 'douyin_live' },
);

describe('order detail (the order page and its audit trail)', () => {
  it('starts with the placement in the timeline, saying who placed it through which channel', () => {
    const doc = evolveDetail(null, placed)!;
    expect(doc.timeline).toEqual([
      {
        at: placed.occurredAt,
        type: 'OrderPlaced',
        actor: placed.actor,
        summary: 'Order placed via douyin_live (DY-1): Daily cleaning',
      },
    ]);
    expect(doc.checklist.map((c) => c.key)).toEqual(['1.1', '1.2']);
  });

  it('records job progress: checklist state under path-safe keys, photos, the signature, one timeline line each', () => {
    let doc = evolveDetail(null, placed);
    for (const next of [
      event('ChecklistItemRecorded', { key: '1.2', done: true, note: null }),
      event('JobPhotoAdded', { fileId: 'f'.repeat(64), kind: 'after', checklistKey: '1.2' }),
      event('CustomerSigned', { signatureFileId: 'a'.repeat(64), signerName: '陈静' }),
    ]) {
      doc = evolveDetail(doc, next);
    }
    expect(doc!.checklistState).toEqual({ '1-2': { done: true, note: null } });
    expect(doc!.photos).toMatchObject([{ fileId: 'f'.repeat(64), kind: 'after', checklistKey: '1.2' }]);
    expect(doc!.signature).toMatchObject({ signerName: '陈静' });
    expect(doc!.timeline.map((t) => t.summary)).toEqual([
      'Order placed via douyin_live (DY-1): Daily cleaning',
      'Checklist 1.2 done',
      'Photo added (after, checklist 1.2)',
      'Signed off by 陈静',
    ]);
  });

  it('says a worker was assigned or withdrawn without printing their id as a name, and names the worker by reference', () => {
    const assignmentId = '5b0e7c1a-3d2f-4e6a-8b9c-0d1e2f3a4b5c';
    const dispatch: Actor = { kind: 'system', id: 'dispatch' };
    let doc = evolveDetail(null, placed);
    for (const next of [
      event('OrderAssigned', { assignmentId, workerId: 'w-demo-145' }, dispatch),
      event(
        'OrderAssignmentWithdrawn',
        { assignmentId, workerId: 'w-demo-145', reason: '师傅请假' },
        dispatch,
      ),
    ])
      doc = evolveDetail(doc, next);
    expect(doc!.timeline.slice(1)).toMatchObject([
      { type: 'OrderAssigned', summary: 'Assigned to a worker', workerId: 'w-demo-145' },
      { type: 'OrderAssignmentWithdrawn', summary: 'Assignment withdrawn: 师傅请假', workerId: 'w-demo-145' },
    ]);
    expect(doc!.timeline[0]).not.toHaveProperty('workerId');
  });

  it('ignores events of an order it never saw placed', () => {
    expect(evolveDetail(null, event('OrderClosed', { note: '' }))).toBeNull();
  });
});
