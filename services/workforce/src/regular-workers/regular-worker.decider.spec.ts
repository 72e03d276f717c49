import { EventCatalog, allEvents } from '@platform/contracts';
import { deciderSpec } from '@platform/eventing/testing';
import {
  regularWorkerDecider,
  regularWorkerStream,
  type RegularWorkerCommand,
  type RegularWorkerEvent,
} from './regular-worker.decider';

const spec = deciderSpec(regularWorkerDecider);
const catalog = new EventCatalog(allEvents);

const customerId = 'cust-20931';
const itemCode = 'HOME-CLEAN-3H';

type KnownWorker = Extract<RegularWorkerCommand, { type: 'NameRegularWorker' }>['worker'];
const wang: KnownWorker = {
  workerId: 'wkr-sh-0417',
  stationId: 'sh-xuhui-tianlin',
  active: true,
  eligible: true,
};
const li: KnownWorker = {
  workerId: 'wkr-sh-0522',
  stationId: 'sh-minhang-qibao',
  active: true,
  eligible: true,
};

const name = (worker: KnownWorker): RegularWorkerCommand => ({
  type: 'NameRegularWorker',
  customerId,
  itemCode,
  worker,
});
const clear = (reason: 'customer_asked' | 'worker_left'): RegularWorkerCommand => ({
  type: 'ClearRegularWorker',
  customerId,
  itemCode,
  reason,
});
const named = (worker: KnownWorker): RegularWorkerEvent => ({
  type: 'RegularWorkerNamed',
  data: { customerId, itemCode, workerId: worker.workerId, stationId: worker.stationId },
});
const cleared = (worker: KnownWorker, reason: 'customer_asked' | 'worker_left'): RegularWorkerEvent => ({
  type: 'RegularWorkerCleared',
  data: { customerId, itemCode, workerId: worker.workerId, reason },
});

describe('regular worker decider', () => {
  describe('naming', () => {
    it("names an active, eligible worker, with the worker's station to announce it to", () =>
      spec
        .given([])
        .when(name(wang))
        .then([named(wang)]));

    it('treats naming the current regular worker again as done', () =>
      spec
        .given([named(wang)])
        .when(name(wang))
        .then([]));

    it('replaces the regular worker when the customer names another', () =>
      spec
        .given([named(wang)])
        .when(name(li))
        .then([named(li)]));

    it('names a worker again after the customer cleared them', () =>
      spec
        .given([named(wang), cleared(wang, 'customer_asked')])
        .when(name(wang))
        .then([named(wang)]));

    it('refuses a worker who is not active', () =>
      spec
        .given([named(wang)])
        .when(name({ ...li, active: false }))
        .thenFails('WORKER_NOT_ACTIVE', 'worker wkr-sh-0522 is not active', { field: 'workerId' }));

    it('refuses a worker who is not eligible for the item, since dispatch could not give them the job', () =>
      spec
        .given([])
        .when(name({ ...li, eligible: false }))
        .thenFails(
          'WORKER_NOT_ELIGIBLE',
          'worker wkr-sh-0522 is not eligible for HOME-CLEAN-3H, so dispatch could not give them the job',
          { field: 'workerId' },
        ));
  });

  describe('clearing', () => {
    it('treats clearing when there is no regular worker as done', () => {
      spec.given([]).when(clear('customer_asked')).then([]);
      spec
        .given([named(wang), cleared(wang, 'customer_asked')])
        .when(clear('customer_asked'))
        .then([]);
    });

    it('clears the regular worker, saying whether the customer asked or the worker left', () => {
      spec
        .given([named(wang)])
        .when(clear('customer_asked'))
        .then([cleared(wang, 'customer_asked')]);
      spec
        .given([named(li)])
        .when(clear('worker_left'))
        .then([cleared(li, 'worker_left')]);
    });

    it('clears the worker who replaced the earlier one', () => {
      spec
        .given([named(wang), named(li)])
        .when(clear('customer_asked'))
        .then([cleared(li, 'customer_asked')]);
    });

    it("does not clear a successor when the earlier worker's departure is processed late", () => {
      spec
        .given([named(wang), named(li)])
        .when({ ...clear('worker_left'), onlyWorkerId: wang.workerId } as RegularWorkerCommand)
        .then([]);
      spec
        .given([named(wang)])
        .when({ ...clear('worker_left'), onlyWorkerId: wang.workerId } as RegularWorkerCommand)
        .then([cleared(wang, 'worker_left')]);
    });
  });

  it('emits RegularWorkerNamed and RegularWorkerCleared that pass the event catalogue write check', () => {
    const first = regularWorkerDecider.decide(name(wang), regularWorkerDecider.initialState);
    const second = regularWorkerDecider.decide(clear('customer_asked'), { workerId: wang.workerId });
    [...first, ...second].forEach((event, i) => {
      const written = {
        eventId: `3f5b7d9a-1c3e-4a5b-9d7f-${String(i).padStart(12, '0')}`,
        type: event.type,
        schemaVersion: catalog.latest(event.type)!.version,
        streamId: regularWorkerStream(customerId, itemCode),
        streamPosition: i,
        occurredAt: '2026-03-10T03:15:00.000Z',
        recordedAt: '2026-03-10T03:15:00.000Z',
        correlationId: 'cs-desk-req-44',
        causationId: null,
        actor: { kind: 'user' as const, id: customerId, role: 'customer' },
        data: event.data,
      };
      expect(catalog.validateForWrite(written)).toEqual(written);
    });
  });
});
