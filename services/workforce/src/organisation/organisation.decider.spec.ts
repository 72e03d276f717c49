import { EventCatalog, allEvents } from '@platform/contracts';
import { fold } from '@platform/eventing/decider';
import { deciderSpec } from '@platform/eventing/testing';
import {
  branchDecider,
  branchStream,
  stationDecider,
  stationStream,
  type Branch,
  type BranchCommand,
  type BranchEvent,
  type FeatureSwitch,
  type Station,
  type StationCommand,
  type StationEvent,
} from './organisation.decider';

const branchSpec = deciderSpec(branchDecider);
const stationSpec = deciderSpec(stationDecider);
const catalog = new EventCatalog(allEvents);

const xuhui: Branch = {
  branchId: 'sh-xuhui',
  name: { zh: '上海徐汇', en: 'Shanghai Xuhui' },
  city: 'Shanghai',
  businessUnits: ['home_cleaning', 'after_sales'],
};
const branchOpened: BranchEvent = { type: 'BranchOpened', data: xuhui };
const openBranch: BranchCommand = { type: 'OpenBranch', ...xuhui };

const tipping = (change: Partial<FeatureSwitch> = {}): FeatureSwitch => ({
  branchId: 'sh-xuhui',
  businessUnit: 'home_cleaning',
  feature: 'tipping',
  enabled: true,
  reason: 'pilot with the Xuhui cleaning teams',
  ...change,
});
const switched = (change: Partial<FeatureSwitch> = {}): BranchEvent => ({
  type: 'FeatureSwitched',
  data: tipping(change),
});
const switchFeature = (change: Partial<FeatureSwitch> = {}): BranchCommand => ({
  type: 'SwitchFeature',
  ...tipping(change),
});

const tianlin: Station = {
  stationId: 'sh-xuhui-tianlin',
  branchId: 'sh-xuhui',
  name: { zh: '田林站', en: 'Tianlin' },
  leaderId: 'staff-0192',
  districts: ['xuhui-tianlin', 'xuhui-caohejing'],
};
const stationOpened: StationEvent = { type: 'StationOpened', data: tianlin };
const openXuhui = fold(branchDecider, [branchOpened]);
const openStation: StationCommand = { type: 'OpenStation', ...tianlin, branch: openXuhui };
const leaderAppointed = (leaderId: string): StationEvent => ({
  type: 'StationLeaderAppointed',
  data: { stationId: tianlin.stationId, leaderId },
});

const envelope = (event: BranchEvent | StationEvent, streamId: string, position: number) => ({
  eventId: `7e1c3a5b-9d2f-4b6a-8c0e-${String(position).padStart(12, '0')}`,
  type: event.type,
  schemaVersion: catalog.latest(event.type)!.version,
  streamId,
  streamPosition: position,
  occurredAt: '2026-03-09T01:30:00.000Z',
  recordedAt: '2026-03-09T01:30:00.000Z',
  correlationId: 'admin-console-req-7',
  causationId: null,
  actor: { kind: 'user' as const, id: 'staff-0001', role: 'admin' },
  data: event.data,
});

describe('branch decider', () => {
  describe('opening a branch', () => {
    it('opens a branch with its name, city and business units', () =>
      branchSpec.given([]).when(openBranch).then([branchOpened]));

    it('treats opening the same branch again with the same details as done', () =>
      branchSpec.given([branchOpened]).when(openBranch).then([]));

    it('refuses to open a branch id that is already open with other details', () => {
      branchSpec
        .given([branchOpened])
        .when({ ...openBranch, city: 'Suzhou' })
        .thenFails('BRANCH_EXISTS', 'branch sh-xuhui is already open', { field: 'branchId' });
      branchSpec
        .given([branchOpened])
        .when({ ...openBranch, businessUnits: ['home_cleaning', 'after_sales', 'retail'] })
        .thenFails('BRANCH_EXISTS');
    });
  });

  describe('switching a feature', () => {
    it('refuses to switch a feature for a branch that was never opened', () =>
      branchSpec
        .given([])
        .when(switchFeature())
        .thenFails('BRANCH_NOT_FOUND', 'branch sh-xuhui not found', { field: 'branchId' }));

    it('switches a feature on for one business unit of the branch, with the reason', () =>
      branchSpec.given([branchOpened]).when(switchFeature()).then([switched()]));

    it('refuses a business unit the branch does not have, and says which units it has', () =>
      branchSpec
        .given([branchOpened])
        .when(switchFeature({ businessUnit: 'retail' }))
        .thenFails(
          'BUSINESS_UNIT_NOT_IN_BRANCH',
          'branch sh-xuhui has no retail unit (it has home_cleaning, after_sales)',
          { field: 'businessUnit' },
        ));

    it('treats switching a feature to the setting it already has as done, whatever the reason given', () =>
      branchSpec
        .given([branchOpened, switched()])
        .when(switchFeature({ reason: 'clicked twice' }))
        .then([]));

    it('switches a feature off again after it was on', () =>
      branchSpec
        .given([branchOpened, switched()])
        .when(switchFeature({ enabled: false, reason: 'customers found the prompt pushy' }))
        .then([switched({ enabled: false, reason: 'customers found the prompt pushy' })]));

    it("switches a feature for all of the branch's units at once", () => {
      branchSpec
        .given([branchOpened])
        .when(switchFeature({ businessUnit: 'all' }))
        .then([switched({ businessUnit: 'all' })]);
      branchSpec
        .given([branchOpened, switched({ businessUnit: 'all' })])
        .when(switchFeature({ businessUnit: 'all' }))
        .then([]);
    });

    it('records a unit switched off under a branch-wide on, so the unit can be exempted', () =>
      branchSpec
        .given([branchOpened, switched({ businessUnit: 'all' })])
        .when(switchFeature({ businessUnit: 'after_sales', enabled: false }))
        .then([switched({ businessUnit: 'after_sales', enabled: false })]));

    it('keeps each feature and unit apart', () =>
      branchSpec
        .given([branchOpened, switched()])
        .when(switchFeature({ feature: 'helpdesk' }))
        .then([switched({ feature: 'helpdesk' })]));
  });

  it('emits BranchOpened and FeatureSwitched that pass the event catalogue write check', () => {
    const opened = branchDecider.decide(openBranch, branchDecider.initialState);
    const switchedOn = branchDecider.decide(
      switchFeature({ businessUnit: 'all' }),
      fold(branchDecider, opened),
    );
    [...opened, ...switchedOn].forEach((event, i) => {
      const written = envelope(event, branchStream(xuhui.branchId), i);
      expect(catalog.validateForWrite(written)).toEqual(written);
    });
  });
});

describe('station decider', () => {
  describe('opening a station', () => {
    it('opens a station with its leader and districts in an open branch', () =>
      stationSpec.given([]).when(openStation).then([stationOpened]));

    it('refuses to open a station in a branch that was never opened', () =>
      stationSpec
        .given([])
        .when({ ...openStation, branch: branchDecider.initialState })
        .thenFails('BRANCH_NOT_FOUND', 'branch sh-xuhui not found', { field: 'branchId' }));

    it('treats opening the same station again with the same details as done', () =>
      stationSpec.given([stationOpened]).when(openStation).then([]));

    it('refuses to open a station id that is already open with other details', () =>
      stationSpec
        .given([stationOpened])
        .when({ ...openStation, districts: ['xuhui-tianlin'] })
        .thenFails('STATION_EXISTS', 'station sh-xuhui-tianlin is already open', { field: 'stationId' }));
  });

  describe('appointing a leader', () => {
    it('hands the station to another leader', () =>
      stationSpec
        .given([stationOpened])
        .when({ type: 'AppointLeader', leaderId: 'staff-0233' })
        .then([leaderAppointed('staff-0233')]));

    it('treats appointing the current leader as done', () => {
      stationSpec.given([stationOpened]).when({ type: 'AppointLeader', leaderId: 'staff-0192' }).then([]);
      stationSpec
        .given([stationOpened, leaderAppointed('staff-0233')])
        .when({ type: 'AppointLeader', leaderId: 'staff-0233' })
        .then([]);
    });

    it('can hand the station back to an earlier leader', () =>
      stationSpec
        .given([stationOpened, leaderAppointed('staff-0233')])
        .when({ type: 'AppointLeader', leaderId: 'staff-0192' })
        .then([leaderAppointed('staff-0192')]));

    it('refuses to appoint a leader for a station that was never opened', () =>
      stationSpec
        .given([])
        .when({ type: 'AppointLeader', leaderId: 'staff-0233' })
        .thenFails('STATION_NOT_FOUND', 'station not found'));
  });

  it('emits StationOpened and StationLeaderAppointed that pass the event catalogue write check', () => {
    const opened = stationDecider.decide(openStation, stationDecider.initialState);
    const appointed = stationDecider.decide(
      { type: 'AppointLeader', leaderId: 'staff-0233' },
      fold(stationDecider, opened),
    );
    [...opened, ...appointed].forEach((event, i) => {
      const written = envelope(event, stationStream(tianlin.stationId), i);
      expect(catalog.validateForWrite(written)).toEqual(written);
    });
  });
});
