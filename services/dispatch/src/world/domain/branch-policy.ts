import type { DispatchPolicySettings } from '@platform/contracts';
import type { DispatchPolicy } from '../../matching/domain/dispatch-view';

/** A branch's policy as dispatch applies it: the scoring part for matching, the rest for offers and SLAs. */
export interface BranchPolicy {
  branchId: string;
  /** 0 until an admin sets the branch's first policy. */
  version: number;
  settings: DispatchPolicySettings;
}

/**
 * What a branch runs on until its admins set a policy: a 25 km/h city, four jobs a day, a 20 km
 * reach, distance first and the customer's regular worker next, ten minutes to answer an offer.
 */
export const DEFAULT_POLICY_SETTINGS: DispatchPolicySettings = {
  dailyJobCap: 4,
  travelSpeedKmh: 25,
  bufferMinutes: 15,
  maxDistanceKm: 20,
  routingRules: [
    { productCategory: 'smart_home', group: 'smart_home' },
    { productCategory: 'wardrobe', group: 'panel_installers' },
  ],
  weights: { distance: 0.4, regularWorker: 0.3, loadBalance: 0.15, rating: 0.1, skill: 0.05 },
  offerTimeoutSeconds: 600,
  sla: { acceptMinutes: 30, arriveGraceMinutes: 15, finishGraceMinutes: 30 },
  reminders: { beforeStartMinutes: 60, beforeEndMinutes: 15 },
};

export const defaultPolicy = (branchId: string): BranchPolicy => ({
  branchId,
  version: 0,
  settings: DEFAULT_POLICY_SETTINGS,
});

/** The matching core's view of a branch policy; its name and version go into every decision. */
export function matchingPolicy({ branchId, version, settings }: BranchPolicy): DispatchPolicy {
  return {
    name: `${branchId}${version === 0 ? '-default' : ''}`,
    version,
    dailyJobCap: settings.dailyJobCap,
    travelSpeedKmh: settings.travelSpeedKmh,
    bufferMinutes: settings.bufferMinutes,
    maxDistanceKm: settings.maxDistanceKm,
    routingRules: settings.routingRules.map((rule) => ({ ...rule })),
    weights: { ...settings.weights },
  };
}

export const policyLabel = (policy: DispatchPolicy) => `${policy.name}@${policy.version}`;
