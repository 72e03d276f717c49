import type { DispatchPolicySet, DispatchPolicySettings, EventData } from '@platform/contracts';
import type { Decider } from '@platform/eventing/decider';

export type PolicyEvent = { type: 'DispatchPolicySet'; data: EventData<typeof DispatchPolicySet> };
export type PolicyState = { version: number; settings: DispatchPolicySettings | null };
export type PolicyCommand = {
  type: 'SetDispatchPolicy';
  branchId: string;
  policy: DispatchPolicySettings;
  reason: string;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A branch's dispatch policy (stream `dispatch-policy-<branchId>`): each real change is a new version. */
export const dispatchPolicyDecider: Decider<PolicyCommand, PolicyState, PolicyEvent> = {
  initialState: { version: 0, settings: null },
  decide: ({ branchId, policy, reason }, state) =>
    state.settings && same(state.settings, policy)
      ? []
      : [{ type: 'DispatchPolicySet', data: { branchId, version: state.version + 1, policy, reason } }],
  evolve: (_, { data }) => ({ version: data.version, settings: data.policy }),
};
export const dispatchPolicyStream = (branchId: string) => `dispatch-policy-${branchId}`;
