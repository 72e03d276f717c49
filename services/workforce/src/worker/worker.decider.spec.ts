import { EventCatalog, allEvents } from '@platform/contracts';
import { deciderSpec } from '@platform/eventing/testing';
import {
  shanghai,
  workerId,
  referenceId,
  requirements,
  appliedAt,
  monday,
  application,
  applied,
  certificate,
  eligible,
  ineligible,
  active,
  activeForBoth,
  decide,
  envelope,
} from '../../test/support/worker-history';
import { workerDecider, type WorkerCommand, type WorkerEvent } from './worker.decider';

const spec = deciderSpec(workerDecider);
const catalog = new EventCatalog(allEvents);

describe('worker decider', () => {
  describe('applying', () => {
    const apply: WorkerCommand = { type: 'ApplyAsWorker', ...application };

    it('records the application with the profile referenced by id', () =>
      spec.given([]).when(apply).then([applied]));

    it('emits a WorkerApplied that passes the event catalogue write check unchanged', () => {
      const [event] = decide([], apply);
      const written = envelope(event!, 0, appliedAt);
      expect(catalog.validateForWrite(written)).toEqual(written);
    });

    it('refuses a second application for the same worker', () =>
      spec
        .given([applied])
        .when(apply)
        .thenFails('WORKER_EXISTS', `worker ${workerId} already exists (applicant)`));
  });

  describe('suspension', () => {
    it('makes every eligible item ineligible, reason suspended', () =>
      spec
        .given(activeForBoth)
        .when({ type: 'SuspendWorker', at: monday, reason: 'customer complaint under review', requirements })
        .then([
          { type: 'WorkerSuspended', data: { workerId, reason: 'customer complaint under review' } },
          ineligible('HOME-CLEAN-3H', ['suspended']),
          ineligible('ELDER-CARE-DAY', ['suspended']),
        ]));

    it('makes the items eligible again on reinstatement', () =>
      spec
        .given([
          ...activeForBoth,
          { type: 'WorkerSuspended', data: { workerId, reason: 'complaint' } },
          ineligible('HOME-CLEAN-3H', ['suspended']),
          ineligible('ELDER-CARE-DAY', ['suspended']),
        ])
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .then([
          { type: 'WorkerReinstated', data: { workerId, reason: 'complaint found unjustified' } },
          eligible('HOME-CLEAN-3H'),
          eligible('ELDER-CARE-DAY'),
        ]));

    it('reinstates without the items whose certificate expired meanwhile', () =>
      spec
        .given([
          ...active,
          { type: 'WorkerSuspended', data: { workerId, reason: 'complaint' } },
          ineligible('HOME-CLEAN-3H', ['suspended']),
        ])
        .when({
          type: 'ReinstateWorker',
          reason: 'complaint found unjustified',
          at: shanghai('2026-07-01T08:00:00'),
          requirements,
        })
        .then([{ type: 'WorkerReinstated', data: { workerId, reason: 'complaint found unjustified' } }]));

    it('suspends only an active worker and reinstates only a suspended one', () => {
      spec
        .given([applied])
        .when({ type: 'SuspendWorker', at: monday, reason: 'complaint', requirements })
        .thenFails('ILLEGAL_TRANSITION', 'cannot suspend: the worker is applicant (allowed when active)');
      spec
        .given(active)
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .then([]);
      spec
        .given([applied])
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .thenFails(
          'ILLEGAL_TRANSITION',
          'cannot reinstate: the worker is applicant (allowed when suspended)',
        );
      spec
        .given([])
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .thenFails('WORKER_NOT_FOUND');
    });
  });

  describe('leaving', () => {
    const left: WorkerEvent[] = [
      ...activeForBoth,
      { type: 'WorkerLeft', data: { workerId, reason: 'moved back to Anhui' } },
      ineligible('HOME-CLEAN-3H', ['left']),
      ineligible('ELDER-CARE-DAY', ['left']),
    ];

    it('makes every item ineligible, reason left', () =>
      spec
        .given(activeForBoth)
        .when({ type: 'RecordLeaving', at: monday, reason: 'moved back to Anhui', requirements })
        .then(left.slice(activeForBoth.length)));

    it('lets an applicant leave too', () =>
      spec
        .given([applied])
        .when({ type: 'RecordLeaving', at: monday, reason: 'withdrew the application', requirements })
        .then([{ type: 'WorkerLeft', data: { workerId, reason: 'withdrew the application' } }]));

    it('accepts nothing after leaving', () => {
      spec
        .given(left)
        .when({ type: 'ReinstateWorker', reason: 'complaint found unjustified', at: monday, requirements })
        .thenFails(
          'ILLEGAL_TRANSITION',
          'cannot reinstate: the worker is gone (left) (allowed when suspended)',
        );
      spec
        .given(left)
        .when({
          type: 'SubmitCertificate',
          at: monday,
          certificate: { ...certificate, certificateId: referenceId },
        })
        .thenFails('ILLEGAL_TRANSITION', /the worker is gone \(left\)/);
      spec
        .given(left)
        .when({ type: 'MoveStation', stationId: 'sh-minhang-qibao', branchId: 'sh-minhang' })
        .thenFails('ILLEGAL_TRANSITION');
      spec
        .given(left)
        .when({ type: 'ActivateWorker', at: monday, requirements })
        .thenFails('ILLEGAL_TRANSITION');
    });

    it('ignores a redelivered leaving and an expiry timer that fires after leaving', () => {
      spec.given(left).when({ type: 'RecordLeaving', at: monday, reason: 'again', requirements }).then([]);
      spec
        .given(left)
        .when({ type: 'ReevaluateEligibility', at: shanghai('2026-07-01T00:00:00'), requirements })
        .then([]);
    });
  });

  describe('moving station', () => {
    it('moves the worker to a station of another branch', () =>
      spec
        .given(active)
        .when({ type: 'MoveStation', stationId: 'sh-minhang-qibao', branchId: 'sh-minhang' })
        .then([
          {
            type: 'WorkerMovedStation',
            data: {
              workerId,
              fromStationId: 'sh-xuhui-tianlin',
              toStationId: 'sh-minhang-qibao',
              branchId: 'sh-minhang',
            },
          },
        ]));

    it('treats a move to the current station as done', () =>
      spec
        .given(active)
        .when({ type: 'MoveStation', stationId: 'sh-xuhui-tianlin', branchId: 'sh-xuhui' })
        .then([]));

    it('refuses to move a worker that does not exist', () =>
      spec
        .given([])
        .when({ type: 'MoveStation', stationId: 'sh-minhang-qibao', branchId: 'sh-minhang' })
        .thenFails('WORKER_NOT_FOUND', 'worker not found'));
  });

  it('writes a whole life that passes the event catalogue write check event by event', () => {
    const history = [
      ...activeForBoth,
      ...[{ type: 'WorkerLeft', data: { workerId, reason: 'retired' } } as WorkerEvent],
    ];
    history.forEach((event, i) => {
      const written = envelope(event, i, monday);
      expect(catalog.validateForWrite(written)).toEqual(written);
    });
  });
});
