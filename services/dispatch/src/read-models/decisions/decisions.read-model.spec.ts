import type { EventEnvelope } from '@platform/contracts';
import { decisions } from './decisions.read-model';
import { decisionSummaryView } from './decisions.view';

const decisionId = '5a1e0c9d-0000-4000-8000-000000000003';
const orderId = '0b8f6c1e-0000-4000-8000-000000000003';
const decided = {
  type: 'DispatchDecided',
  occurredAt: '2030-06-01T08:00:00.000Z',
  data: {
    orderId,
    decisionId,
    policy: 'shanghai-default@3',
    ranked: [
      { workerId: 'w-1', offerId: '9c0d0000-0000-4000-8000-000000000001', score: 0.91 },
      { workerId: 'w-2', offerId: '9c0d0000-0000-4000-8000-000000000002', score: 0.74 },
    ],
    ruledOut: [
      { workerId: 'w-3', rules: ['on_leave'] },
      { workerId: 'w-4', rules: ['too_far', 'daily_cap'] },
      { workerId: 'w-5', rules: ['too_far'] },
    ],
    moreRuledOut: 12,
  },
} as unknown as EventEnvelope;

describe('the decisions read model', () => {
  it("keeps what the decision's event tells: when, under which policy, the shortlist by rank, who was ruled out why", () => {
    const doc = decisions.evolve(null, decided, decisionId);
    expect(doc).toEqual({
      decisionId,
      orderId,
      decidedAt: '2030-06-01T08:00:00.000Z',
      policy: 'shanghai-default@3',
      ranked: [
        { rank: 1, workerId: 'w-1', score: 0.91 },
        { rank: 2, workerId: 'w-2', score: 0.74 },
      ],
      ruledOut: decided.data && (decided.data as { ruledOut: unknown }).ruledOut,
      moreRuledOut: 12,
    });
    expect(decisions.evolve(doc, decided, decisionId)).toBe(doc);
    expect(decisionSummaryView(doc!).ruledOut).toEqual([
      { rule: 'too_far', workers: 2 },
      { rule: 'on_leave', workers: 1 },
      { rule: 'daily_cap', workers: 1 },
    ]);
  });
});
