import { deciderSpec } from '@platform/eventing/testing';
import { queueDecider, type QueueEvent } from './dispatcher-queue.decider';

const orderId = '0b8f6c1e-0000-4000-8000-000000000001';
const item = {
  orderId,
  itemId: `off:${orderId}:e-1`,
  branchId: 'shanghai',
  kind: 'auto_dispatch_off' as const,
  details: { message: 'assign by hand' },
};
const raised: QueueEvent = { type: 'QueueItemRaised', data: item };
const resolved: QueueEvent = {
  type: 'QueueItemResolved',
  data: { orderId, itemId: item.itemId, resolution: 'd-1: done' },
};

describe("an order's part of the dispatcher's queue", () => {
  it('raises an item once, however often the reaction behind it runs', () => {
    deciderSpec(queueDecider)
      .given([])
      .when({ type: 'RaiseQueueItem', ...item })
      .then([raised]);
    deciderSpec(queueDecider)
      .given([raised])
      .when({ type: 'RaiseQueueItem', ...item })
      .then([]);
  });

  it('resolves an item once', () => {
    const resolve = {
      type: 'ResolveQueueItem' as const,
      orderId,
      itemId: item.itemId,
      resolution: 'd-1: done',
    };
    deciderSpec(queueDecider).given([raised]).when(resolve).then([resolved]);
    deciderSpec(queueDecider).given([raised, resolved]).when(resolve).then([]);
  });
});
