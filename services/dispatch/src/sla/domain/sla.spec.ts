import { DEFAULT_POLICY_SETTINGS } from '../../world/domain/branch-policy';
import { slaDecider, type SlaCommand } from './sla.decider';
import { slaPlan } from './sla-plan';

const orderId = '6f1c1c8e-1111-4c1c-9c1c-000000000001';
const breach = (kind: SlaCommand['kind'], dueAt: string): SlaCommand => ({
  type: 'RecordSlaBreach',
  orderId,
  kind,
  dueAt,
  workerId: 'w-1',
});

describe('SLA breaches of an order', () => {
  it('records a breach once, however often its timer fires', () => {
    const first = slaDecider.decide(breach('arrive', '2026-06-02T01:15:00.000Z'), slaDecider.initialState);
    expect(first).toEqual([
      {
        type: 'SlaBreached',
        data: { orderId, kind: 'arrive', dueAt: '2026-06-02T01:15:00.000Z', workerId: 'w-1' },
      },
    ]);
    const after = slaDecider.evolve(slaDecider.initialState, first[0]!);
    expect(slaDecider.decide(breach('arrive', '2026-06-02T01:15:00.000Z'), after)).toEqual([]);
  });

  it('lets a rescheduled order breach its new target, and another kind of target', () => {
    const after = slaDecider.evolve(
      slaDecider.initialState,
      slaDecider.decide(breach('arrive', '2026-06-02T01:15:00.000Z'), slaDecider.initialState)[0]!,
    );
    expect(slaDecider.decide(breach('arrive', '2026-06-03T01:15:00.000Z'), after)).toHaveLength(1);
    expect(slaDecider.decide(breach('finish', '2026-06-02T01:15:00.000Z'), after)).toHaveLength(1);
  });
});

describe('when the targets of an order fall due', () => {
  const order = {
    window: { start: '2026-06-02T09:00:00+08:00', end: '2026-06-02T11:00:00+08:00' },
    expectedMinutes: 180,
  };
  const settings = {
    sla: { acceptMinutes: 30, arriveGraceMinutes: 15, finishGraceMinutes: 30 },
    reminders: { beforeStartMinutes: 60, beforeEndMinutes: 15 },
  };

  it('counts acceptance from the first offer, arrival from the window start', () => {
    const plan = slaPlan(settings, order, { firstOfferAt: new Date('2026-06-01T10:00:00Z') });
    expect(plan.acceptBy?.toISOString()).toBe('2026-06-01T10:30:00.000Z');
    expect(plan.arriveBy.toISOString()).toBe('2026-06-02T01:15:00.000Z');
    expect(plan.finishBy).toBeNull();
    expect(plan.remindStartAt.toISOString()).toBe('2026-06-02T00:00:00.000Z');
    // Expected end from the window start while not checked in: 09:00 + 3 h − 15 min.
    expect(plan.remindEndAt.toISOString()).toBe('2026-06-02T03:45:00.000Z');
  });

  it('counts finishing from the check-in, with the expected minutes and the grace', () => {
    const plan = slaPlan(settings, order, { checkedInAt: new Date('2026-06-02T01:20:00Z') });
    expect(plan.finishBy?.toISOString()).toBe('2026-06-02T04:50:00.000Z');
    expect(plan.remindEndAt.toISOString()).toBe('2026-06-02T04:05:00.000Z');
    expect(plan.acceptBy).toBeNull();
  });

  it('has sensible defaults for a branch without a policy', () => {
    const plan = slaPlan(DEFAULT_POLICY_SETTINGS, order, { firstOfferAt: new Date('2026-06-01T10:00:00Z') });
    expect(plan.acceptBy!.getTime() - Date.parse('2026-06-01T10:00:00Z')).toBe(30 * 60_000);
  });
});
