import { DEFAULT_POLICY_SETTINGS } from '../world/domain/branch-policy';
import { dispatchPolicyDecider as decider, type PolicyCommand } from './dispatch-policy.decider';

const set = (change: Partial<PolicyCommand['policy']> = {}): PolicyCommand => ({
  type: 'SetDispatchPolicy',
  branchId: 'shanghai',
  policy: { ...DEFAULT_POLICY_SETTINGS, ...change },
  reason: 'peak season',
});

describe("a branch's dispatch policy", () => {
  it('numbers each change as a new version', () => {
    const first = decider.decide(set(), decider.initialState);
    expect(first[0]!.data.version).toBe(1);
    const v1 = decider.evolve(decider.initialState, first[0]!);
    const second = decider.decide(set({ offerTimeoutSeconds: 300 }), v1);
    expect(second[0]!.data).toMatchObject({ version: 2, policy: { offerTimeoutSeconds: 300 } });
  });

  it('records nothing when the policy is set to what it already is', () => {
    const v1 = decider.evolve(decider.initialState, decider.decide(set(), decider.initialState)[0]!);
    expect(decider.decide(set(), v1)).toEqual([]);
  });
});
