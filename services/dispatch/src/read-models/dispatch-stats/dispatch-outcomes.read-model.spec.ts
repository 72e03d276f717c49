import type { EventEnvelope } from '@platform/contracts';
import { dispatchOutcomes, type OutcomeDoc } from './dispatch-outcomes.read-model';
import { shanghaiWeek } from './dispatch-stats.queries';

const orderId = '0b8f6c1e-0000-4000-8000-000000000002';
const event = (type: string, data: Record<string, unknown>, occurredAt: string): EventEnvelope =>
  ({ type, data: { orderId, ...data }, occurredAt, streamId: `assignment-${orderId}`, streamPosition: 0 }) as EventEnvelope;
const placed = (at: string) =>
  event(
    'OrderPlaced',
    { branchId: 'shanghai', appointment: { start: '2030-06-02T07:00:00+08:00', end: '2030-06-02T10:00:00+08:00' }, item: { expectedMinutes: 180 } },
    at,
  );
const fold = (...events: EventEnvelope[]) =>
  events.reduce<OutcomeDoc | null>((doc, e) => dispatchOutcomes.evolve(doc, e, orderId), null);
const offer = (type: string, at: string) => event(type, { offerId: 'o', workerId: 'w-1' }, at);
const assigned = (how: string, at: string) => event('TechnicianAssigned', { workerId: 'w-2', how }, at);

describe('the dispatch outcomes read model', () => {
  it("keeps the appointment's instant and Shanghai day, and the time from placing to the first assignment", () => {
    const doc = fold(placed('2030-06-01T10:00:00.000Z'), assigned('auto', '2030-06-01T10:00:42.000Z'));
    expect(doc).toMatchObject({
      branchId: 'shanghai',
      start: '2030-06-01T23:00:00.000Z',
      day: '2030-06-02',
      secondsToAssign: 42,
      outcome: 'first_offer',
    });
  });

  it('gives the same figures whichever context is read first', () => {
    const a = fold(placed('2030-06-01T10:00:00.000Z'), offer('OfferDeclined', '2030-06-01T10:01:00.000Z'), assigned('auto', '2030-06-01T10:05:00.000Z'));
    const b = fold(offer('OfferDeclined', '2030-06-01T10:01:00.000Z'), assigned('auto', '2030-06-01T10:05:00.000Z'), placed('2030-06-01T10:00:00.000Z'));
    expect(b).toEqual(a);
    expect(a).toMatchObject({ outcome: 'after_passes', passedOver: 1, secondsToAssign: 300 });
  });

  it('counts a failure with the rules of the queue item (the index exclusions included), then a release and missed targets', () => {
    const decided = event('DispatchDecided', { ruledOut: [{ workerId: 'w-3', rules: ['too_far'] }] }, '2030-06-01T10:00:01.000Z');
    const failure = event('DispatchFailed', { decisionId: 'd-1', reasons: [{ workerId: 'w-1', rules: ['no_answer'] }] }, '2030-06-01T10:10:00.000Z');
    const queued = event(
      'QueueItemRaised',
      {
        kind: 'dispatch_failed',
        details: {
          decisionId: 'd-1',
          reasons: [{ workerId: 'w-1', rules: ['no_answer'] }],
          byRule: [{ rule: 'too_far', workers: 1 }, { rule: 'outside_service_area', workers: 40 }],
        },
      },
      '2030-06-01T10:10:00.000Z',
    );
    const failed = fold(placed('2030-06-01T10:00:00.000Z'), decided, offer('OfferExpired', '2030-06-01T10:10:00.000Z'), failure, queued);
    expect(failed).toMatchObject({ outcome: 'failed', reasons: { no_answer: 1, too_far: 1, outside_service_area: 40 } });
    // The queue item's stream may be read before the order's.
    expect(fold(queued, placed('2030-06-01T10:00:00.000Z'), decided, offer('OfferExpired', '2030-06-01T10:10:00.000Z'), failure)).toEqual(failed);
    // Dispatched again: the new decision's reasons, no longer failed.
    expect(fold(placed('2030-06-01T10:00:00.000Z'), decided, failure, queued, decided)).toMatchObject({ outcome: 'pending', reasons: { too_far: 1 } });
    const released = fold(
      placed('2030-06-01T10:00:00.000Z'),
      assigned('manual', '2030-06-01T11:00:00.000Z'),
      event('SlaBreached', { kind: 'arrive' }, '2030-06-01T23:00:00.000Z'),
      event('TechnicianUnassigned', { workerId: 'w-2' }, '2030-06-01T23:10:00.000Z'),
    );
    expect(released).toMatchObject({ outcome: 'released', assigned: null, secondsToAssign: 3600, breaches: { accept: 0, arrive: 1, finish: 0 } });
  });
});

describe('the Shanghai week', () => {
  it('runs from Monday 00:00 to the next Monday in Shanghai time', () => {
    // Sunday 23:30 in Shanghai is still the week that began on Monday the 7th.
    const week = shanghaiWeek(new Date('2026-12-13T15:30:00Z'));
    expect(week.days[0]).toBe('2026-12-07');
    expect(week.days[6]).toBe('2026-12-13');
    expect(week.from.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(week.to.toISOString()).toBe('2026-12-13T16:00:00.000Z');
    expect(shanghaiWeek(new Date('2026-12-13T16:00:00Z')).days[0]).toBe('2026-12-14');
  });
});
