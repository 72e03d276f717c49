import type { Principal } from '@platform/auth';
import { dispatchAccess, dispatchRefusal, maySeeOrder, maySeeWorker } from './access';

const as = (role: Principal['role'], extra: Partial<Principal> = {}) =>
  dispatchAccess({ sub: 'u-1', role, ...extra });

describe('who may see and run dispatch', () => {
  it('lets dispatchers run their own branch only', () => {
    const dispatcher = as('dispatcher', { branch: 'shanghai' });
    expect(dispatchRefusal(dispatcher, 'shanghai')).toBeNull();
    expect(dispatchRefusal(dispatcher, 'beijing')).toBe('you dispatch for shanghai, not beijing');
    expect(maySeeOrder(dispatcher, 'beijing', [])).toBe(false);
  });

  it('lets CS and station leaders look but not dispatch', () => {
    for (const role of ['cs_agent', 'station_leader'] as const) {
      const access = as(role, { branch: 'shanghai' });
      expect(maySeeOrder(access, 'shanghai', [])).toBe(true);
      expect(dispatchRefusal(access, 'shanghai')).toBe('only dispatchers and admins dispatch');
    }
  });

  it('shows a worker only the orders offered to or held by them, and their own day', () => {
    const worker = as('worker', { sub: 'w-7' });
    expect(maySeeOrder(worker, 'shanghai', ['w-7'])).toBe(true);
    expect(maySeeOrder(worker, 'shanghai', ['w-8'])).toBe(false);
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
