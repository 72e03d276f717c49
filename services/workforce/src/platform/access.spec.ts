import { mayReadPersonal, maySee, requireCustomerFields, requireManager, workforceScope } from './access';

const worker = { workerId: 'w-1', stationId: 'sh-xuhui', branchId: 'sh' };

describe('who sees which workers', () => {
  it('admins see all, dispatchers their branch, station leaders their station, workers themselves', () => {
    expect(maySee(workforceScope({ sub: 'a', role: 'admin' }), worker)).toBe(true);
    expect(maySee(workforceScope({ sub: 'd', role: 'dispatcher', branch: 'sh' }), worker)).toBe(true);
    expect(maySee(workforceScope({ sub: 'd', role: 'dispatcher', branch: 'bj' }), worker)).toBe(false);
    expect(
      maySee(workforceScope({ sub: 'l', role: 'station_leader', branch: 'sh', station: 'sh-xuhui' }), worker),
    ).toBe(true);
    expect(
      maySee(
        workforceScope({ sub: 'l', role: 'station_leader', branch: 'sh', station: 'sh-pudong' }),
        worker,
      ),
    ).toBe(false);
    expect(maySee(workforceScope({ sub: 'w-1', role: 'worker' }), worker)).toBe(true);
    expect(maySee(workforceScope({ sub: 'w-2', role: 'worker' }), worker)).toBe(false);
    expect(maySee(workforceScope({ sub: 'c', role: 'customer' }), worker)).toBe(false);
    // Finance and QA work across branches on orders and money, not on people's files.
    expect(maySee(workforceScope({ sub: 'f', role: 'finance' }), worker)).toBe(false);
    expect(maySee(workforceScope({ sub: 'q', role: 'qa_inspector' }), worker)).toBe(false);
  });

  it("shows birthday, background check and suspension reason only to those who run the worker's file", () => {
    expect(mayReadPersonal({ sub: 'a', role: 'admin' }, worker)).toBe(true);
    expect(mayReadPersonal({ sub: 'l', role: 'station_leader', station: 'sh-xuhui' }, worker)).toBe(true);
    expect(mayReadPersonal({ sub: 'l', role: 'station_leader', station: 'sh-pudong' }, worker)).toBe(false);
    expect(mayReadPersonal({ sub: 'w-1', role: 'worker' }, worker)).toBe(true);
    expect(mayReadPersonal({ sub: 'd', role: 'dispatcher', branch: 'sh' }, worker)).toBe(false);
  });

  it('a station leader without branch and station claims sees nobody', () => {
    expect(workforceScope({ sub: 'l', role: 'station_leader', station: 'sh-xuhui' })).toEqual({
      kind: 'none',
      reason: 'a station_leader token needs branch and station claims',
    });
  });

  it('only admins and the station leader of the station run its pipeline', () => {
    expect(() => requireManager({ sub: 'a', role: 'admin' }, 'sh-xuhui', 'activate workers')).not.toThrow();
    expect(() =>
      requireManager(
        { sub: 'l', role: 'station_leader', station: 'sh-xuhui' },
        'sh-xuhui',
        'activate workers',
      ),
    ).not.toThrow();
    expect(() =>
      requireManager(
        { sub: 'l', role: 'station_leader', station: 'sh-pudong' },
        'sh-xuhui',
        'activate workers',
      ),
    ).toThrow('a station leader may activate workers only at their own station (sh-pudong), not at sh-xuhui');
    expect(() =>
      requireManager({ sub: 'd', role: 'dispatcher', branch: 'sh' }, 'sh-xuhui', 'activate workers'),
    ).toThrow('dispatcher may not activate workers');
  });

  it('shows a customer only the name a worker is introduced by, and names what else was asked', () => {
    expect(() => requireCustomerFields(['__typename', 'id', 'displayName'])).not.toThrow();
    expect(() => requireCustomerFields(['displayName', 'name', 'phone'])).toThrow(
      "a customer is shown only a worker's id and displayName, not name, phone",
    );
    expect(() => requireCustomerFields(['stationId'])).toThrow('not stationId');
  });
});
