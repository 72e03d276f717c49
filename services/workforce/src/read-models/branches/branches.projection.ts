import type {
  BranchOpened,
  EventData,
  EventEnvelope,
  FeatureSwitched,
  StationLeaderAppointed,
  StationOpened,
} from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';

export interface BranchRow {
  branchId: string;
  name: { zh: string; en: string };
  city: string;
  businessUnits: string[];
  /** `<businessUnit or all>/<feature>` → on or off, as last switched. */
  switches: Record<string, boolean>;
}

export interface StationRow {
  stationId: string;
  branchId: string;
  name: { zh: string; en: string };
  leaderId: string;
  districts: string[];
}

/** The branches with their feature switches (PostgreSQL: recognition joins them with the board). */
export const branchDirectory: ReadModel<BranchRow, 'postgres'> = {
  name: 'branch_directory',
  store: 'postgres',
  handles: ['BranchOpened', 'FeatureSwitched'],
  ids: (event) => [(event.data as { branchId: string }).branchId],
  evolve(branch: BranchRow | null, event: EventEnvelope): BranchRow | null {
    if (event.type === 'BranchOpened') {
      const { branchId, name, city, businessUnits } = event.data as EventData<typeof BranchOpened>;
      return branch ?? { branchId, name, city, businessUnits, switches: {} };
    }
    const { businessUnit, feature, enabled } = event.data as EventData<typeof FeatureSwitched>;
    return branch && { ...branch, switches: { ...branch.switches, [`${businessUnit}/${feature}`]: enabled } };
  },
};

/** The stations of each branch and who leads them. */
export const stationDirectory: ReadModel<StationRow, 'postgres'> = {
  name: 'station_directory',
  store: 'postgres',
  handles: ['StationOpened', 'StationLeaderAppointed'],
  ids: (event) => [(event.data as { stationId: string }).stationId],
  evolve(station: StationRow | null, event: EventEnvelope): StationRow | null {
    if (event.type === 'StationOpened') {
      const { stationId, branchId, name, leaderId, districts } = event.data as EventData<
        typeof StationOpened
      >;
      return station ?? { stationId, branchId, name, leaderId, districts };
    }
    const { leaderId } = event.data as EventData<typeof StationLeaderAppointed>;
    return station && { ...station, leaderId };
  },
  indexes: [{ fields: { branchId: 1 } }],
};
