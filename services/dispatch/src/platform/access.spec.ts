import type { Principal } from '@platform/auth';
import { dispatchAccess, dispatchRefusal, maySeeBranch, maySeeOrder, maySeeWorker } from './access';

const as = (role: Principal['role'], extra: Partial<Principal> = {}) =>
  dispatchAccess({ sub: 'u-1', role, ...extra });

describe('who may see and run dispatch', () => {
  it('lets dispatchers run their own branch only', () => {
    const dispatcher = as('dispatcher', { branch: 'shanghai' });
    expect(dispatchRefusal(dispatcher, 'shanghai')).toBeNull();
    expect(dispatchRefusal(dispatcher, 'beijing')).toBe('you dispatch for shanghai, not beijing');
    expect(maySeeOrder(dispatcher, 'beijing', [])).toBe(false);
  });

  it('lets CS look at their branch but not dispatch', () => {
    const access = as('cs_agent', { branch: 'shanghai' });
    expect(maySeeOrder(access, 'shanghai', [])).toBe(true);
    expect(dispatchRefusal(access, 'shanghai')).toBe('only dispatchers and admins dispatch');
  });

  it("shows a station leader only the orders and days of their own station's workers", () => {
    const leader = as('station_leader', { branch: 'shanghai', station: 'sh-xuhui' });
    expect(maySeeBranch(leader, 'shanghai')).toBe(true);
    expect(maySeeBranch(leader, 'beijing')).toBe(false);
    expect(maySeeOrder(leader, 'shanghai', [{ workerId: 'w-1', stationId: 'sh-xuhui' }])).toBe(true);
    expect(maySeeOrder(leader, 'shanghai', [{ workerId: 'w-2', stationId: 'sh-pudong' }])).toBe(false);
    // An order nobody of the station holds or was offered (waiting, failed) is the dispatchers' business.
    expect(maySeeOrder(leader, 'shanghai', [])).toBe(false);
    expect(maySeeWorker(leader, { workerId: 'w-2', branchId: 'shanghai', stationId: 'sh-pudong' })).toBe(
      false,
    );
    expect(maySeeWorker(leader, { workerId: 'w-1', branchId: 'shanghai', stationId: 'sh-xuhui' })).toBe(true);
    expect(dispatchRefusal(leader, 'shanghai')).toBe('only dispatchers and admins dispatch');
    expect(as('station_leader', { branch: 'shanghai' })).toEqual({
      kind: 'none',
      reason: 'a station_leader token needs branch and station claims',
    });
  });

  it('shows a worker only the orders offered to or held by them, and their own day', () => {
    const worker = as('worker', { sub: 'w-7' });
    expect(maySeeOrder(worker, 'shanghai', [{ workerId: 'w-7' }])).toBe(true);
    expect(maySeeOrder(worker, 'shanghai', [{ workerId: 'w-8' }])).toBe(false);
    expect(maySeeWorker(worker, { workerId: 'w-8', branchId: 'shanghai' })).toBe(false);
    expect(dispatchRefusal(worker, 'shanghai')).toBe('only dispatchers and admins dispatch');
  });

  it('keeps everyone else out, and a branch role without its branch claim', () => {
    expect(maySeeOrder(as('finance'), 'shanghai', [])).toBe(false);
    expect(maySeeOrder(as('customer'), 'shanghai', [])).toBe(false);
    expect(dispatchRefusal(as('dispatcher'), 'shanghai')).toBe('a dispatcher token needs a branch claim');
    expect(maySeeOrder(as('admin'), 'beijing', [])).toBe(true);
  });
});
