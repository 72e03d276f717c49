import { accessScope, inScope, type Reach, type ScopePolicy } from './access-scope';
import type { Principal } from './principal';

const orders: ScopePolicy = { what: 'orders', everything: ['admin', 'finance'], customers: true };
const workers: ScopePolicy = { what: 'workers', everything: ['admin'] };

/** An order of the Shanghai branch, held by a Xuhui worker and offered to a Pudong one. */
const order: Reach = {
  branchId: 'shanghai',
  customerId: 'c-1',
  workers: [
    { workerId: 'w-xuhui', stationId: 'sh-xuhui' },
    { workerId: 'w-pudong', stationId: 'sh-pudong' },
  ],
};
const sees = (principal: Principal, reach: Reach = order, policy = orders) =>
  inScope(accessScope(principal, policy), reach);

describe('one access scope for every service', () => {
  it('gives the roles a service names everything, branch staff their branch', () => {
    expect(sees({ sub: 'f', role: 'finance' })).toBe(true);
    expect(sees({ sub: 'f', role: 'finance' }, order, workers)).toBe(false);
    expect(sees({ sub: 'd', role: 'dispatcher', branch: 'shanghai' })).toBe(true);
    expect(sees({ sub: 'd', role: 'cs_agent', branch: 'beijing' })).toBe(false);
  });

  it("gives a station leader what their own station's workers hold or are offered, in their branch", () => {
    const leader = (station: string, branch = 'shanghai'): Principal => ({
      sub: 'l',
      role: 'station_leader',
      branch,
      station,
    });
    expect(sees(leader('sh-xuhui'))).toBe(true);
    expect(sees(leader('sh-pudong'))).toBe(true);
    expect(sees(leader('sh-minhang'))).toBe(false);
    expect(sees(leader('sh-xuhui', 'beijing'))).toBe(false);
    // A worker whose station is not known yet involves no station.
    expect(sees(leader('sh-xuhui'), { branchId: 'shanghai', workers: [{ workerId: 'w-new' }] })).toBe(false);
    expect(sees(leader('sh-xuhui'), { branchId: 'shanghai', workers: [] })).toBe(false);
  });

  it('gives a worker what involves them, a customer their own (where customers have a part)', () => {
    expect(sees({ sub: 'w-pudong', role: 'worker' })).toBe(true);
    expect(sees({ sub: 'w-other', role: 'worker' })).toBe(false);
    expect(sees({ sub: 'c-1', role: 'customer' })).toBe(true);
    expect(sees({ sub: 'c-2', role: 'customer' })).toBe(false);
    expect(accessScope({ sub: 'c-1', role: 'customer' }, workers)).toEqual({
      kind: 'none',
      reason: 'customer has no access to workers',
    });
  });

  it('refuses a scoped role without its scope, naming the missing claim', () => {
    expect(accessScope({ sub: 'd', role: 'dispatcher' }, orders)).toEqual({
      kind: 'none',
      reason: 'a dispatcher token needs a branch claim',
    });
    for (const claims of [{ branch: 'shanghai' }, { station: 'sh-xuhui' }]) {
      expect(accessScope({ sub: 'l', role: 'station_leader', ...claims }, orders)).toEqual({
        kind: 'none',
        reason: 'a station_leader token needs branch and station claims',
      });
    }
    expect(sees({ sub: 'h', role: 'host' })).toBe(false);
    expect(accessScope({ sub: 'h', role: 'live_ops' }, orders)).toEqual({
      kind: 'none',
      reason: 'live_ops has no access to orders',
    });
  });
});
