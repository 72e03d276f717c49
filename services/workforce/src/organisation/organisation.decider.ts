import type {
  BranchOpened,
  EventData,
  FeatureSwitched,
  StationLeaderAppointed,
  StationOpened,
} from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';

/**
 * A branch and everything decided for it as a whole: its stations' existence is on their own
 * streams, its feature switches on this one (the switches are audited through the events' actor).
 */
export type BranchEvent =
  | { type: 'BranchOpened'; data: EventData<typeof BranchOpened> }
  | { type: 'FeatureSwitched'; data: EventData<typeof FeatureSwitched> };
export type Branch = EventData<typeof BranchOpened>;
export type FeatureSwitch = EventData<typeof FeatureSwitched>;
export type BranchState =
  { status: 'none' } | { status: 'open'; branch: Branch; switches: Record<string, boolean> };

export type BranchCommand = ({ type: 'OpenBranch' } & Branch) | ({ type: 'SwitchFeature' } & FeatureSwitch);

const switchKey = (s: Pick<FeatureSwitch, 'businessUnit' | 'feature'>) => `${s.businessUnit}/${s.feature}`;

function decideBranch(command: BranchCommand, state: BranchState): BranchEvent[] {
  if (command.type === 'OpenBranch') {
    const { type: _type, ...branch } = command;
    if (state.status === 'open') {
      if (JSON.stringify(state.branch) === JSON.stringify(branch)) return [];
      throw new DomainError('BRANCH_EXISTS', `branch ${branch.branchId} is already open`, {
        field: 'branchId',
      });
    }
    return [{ type: 'BranchOpened', data: branch }];
  }
  if (state.status === 'none')
    throw new DomainError('BRANCH_NOT_FOUND', `branch ${command.branchId} not found`, { field: 'branchId' });
  const { type: _type, ...change } = command;
  if (change.businessUnit !== 'all' && !state.branch.businessUnits.includes(change.businessUnit)) {
    throw new DomainError(
      'BUSINESS_UNIT_NOT_IN_BRANCH',
      `branch ${change.branchId} has no ${change.businessUnit} unit (it has ${state.branch.businessUnits.join(', ')})`,
      { field: 'businessUnit' },
    );
  }
  if (state.switches[switchKey(change)] === change.enabled) return [];
  return [{ type: 'FeatureSwitched', data: change }];
}

function evolveBranch(state: BranchState, event: BranchEvent): BranchState {
  if (event.type === 'BranchOpened') return { status: 'open', branch: event.data, switches: {} };
  if (state.status === 'none') return state;
  return { ...state, switches: { ...state.switches, [switchKey(event.data)]: event.data.enabled } };
}

export const branchDecider: Decider<BranchCommand, BranchState, BranchEvent> = {
  initialState: { status: 'none' },
  decide: decideBranch,
  evolve: evolveBranch,
};
export const branchStream = (branchId: string) => `branch-${branchId}`;

export type StationEvent =
  | { type: 'StationOpened'; data: EventData<typeof StationOpened> }
  | { type: 'StationLeaderAppointed'; data: EventData<typeof StationLeaderAppointed> };
export type Station = EventData<typeof StationOpened>;
export type StationState = { status: 'none' } | { status: 'open'; station: Station };
/** `branch` is the state of the branch named in OpenStation, loaded by the handler. */
export type StationCommand =
  ({ type: 'OpenStation'; branch: BranchState } & Station) | { type: 'AppointLeader'; leaderId: string };

function decideStation(command: StationCommand, state: StationState): StationEvent[] {
  if (command.type === 'OpenStation') {
    const { type: _type, branch, ...station } = command;
    if (state.status === 'open') {
      if (JSON.stringify(state.station) === JSON.stringify(station)) return [];
      throw new DomainError('STATION_EXISTS', `station ${station.stationId} is already open`, {
        field: 'stationId',
      });
    }
    if (branch.status === 'none')
      throw new DomainError('BRANCH_NOT_FOUND', `branch ${station.branchId} not found`, {
        field: 'branchId',
      });
    return [{ type: 'StationOpened', data: station }];
  }
  if (state.status === 'none') throw new DomainError('STATION_NOT_FOUND', 'station not found');
  if (state.station.leaderId === command.leaderId) return [];
  return [
    {
      type: 'StationLeaderAppointed',
      data: { stationId: state.station.stationId, leaderId: command.leaderId },
    },
  ];
}

function evolveStation(state: StationState, event: StationEvent): StationState {
  if (event.type === 'StationOpened') return { status: 'open', station: event.data };
  if (state.status === 'none') return state;
  return { status: 'open', station: { ...state.station, leaderId: event.data.leaderId } };
}

export const stationDecider: Decider<StationCommand, StationState, StationEvent> = {
  initialState: { status: 'none' },
  decide: decideStation,
  evolve: evolveStation,
};
export const stationStream = (stationId: string) => `station-${stationId}`;
