import type { DispatchPolicy, OrderToDispatch, WorkerView } from './dispatch-view';
import { candidates, explainWorker } from './hard-rules';
import { RULE_CODES, type RuleFailure } from './rule-checks';
import { NOW, cst, east, job, order, policy, worker } from '../../../test/support/matching.fixtures';
import { haversineKm } from '@platform/domain-kit';

/** What the dispatcher sees for each worker: [] when eligible, else every failed rule. */
function verdicts(o: OrderToDispatch, workers: WorkerView[], p: DispatchPolicy = policy()) {
  const set = candidates(o, workers, p, NOW);
  const out: Record<string, RuleFailure[]> = {};
  for (const c of set.eligible) out[c.workerId] = [];
  for (const r of set.rejected) out[r.workerId] = r.failed;
  return out;
}

const codes = (o: OrderToDispatch, w: WorkerView, p?: DispatchPolicy) =>
  verdicts(o, [w], p)[w.workerId]!.map((f) => f.code);

const smartHomeRepair = (overrides: Partial<OrderToDispatch> = {}) =>
  order({
    itemCode: 'AS-SMART-REPAIR',
    businessUnit: 'after_sales',
    productCategory: 'smart_home',
    expectedMinutes: 60,
    ...overrides,
  });

describe('hard rules: who may be offered an order', () => {
  it('offers the order to an active, qualified, free worker nearby', () => {
    expect(verdicts(order(), [worker('wkr-ok')])).toEqual({ 'wkr-ok': [] });
  });

  describe('each rule rejects with its code and a message the dispatcher can read', () => {
    const cases: {
      code: RuleFailure['code'];
      worker: Partial<WorkerView>;
      order?: Partial<OrderToDispatch>;
      policy?: Partial<DispatchPolicy>;
      message: string;
    }[] = [
      {
        code: 'wrong_branch',
        worker: { branchId: 'suzhou' },
        message: 'belongs to branch suzhou, the order is in shanghai',
      },
      { code: 'not_active', worker: { status: 'suspended' }, message: 'is suspended, not active' },
      {
        code: 'not_eligible_for_item',
        worker: { eligibleItems: ['HC-DEEP'] },
        message: 'is not qualified for item HC-DAILY-2H',
      },
      {
        code: 'outside_service_area',
        worker: { serviceAreas: ['pudong', 'minhang'] },
        message: 'does not serve district xuhui',
      },
      {
        code: 'routing_group',
        worker: { eligibleItems: ['AS-SMART-REPAIR'], groups: ['furniture'] },
        order: {
          itemCode: 'AS-SMART-REPAIR',
          businessUnit: 'after_sales',
          productCategory: 'smart_home',
          expectedMinutes: 60,
        },
        message: 'is not in the smart_home group, which smart_home orders go to',
      },
      {
        code: 'outside_working_hours',
        worker: { weeklyHours: [{ weekday: 1, from: '13:00', to: '18:00' }] },
        message: 'works 13:00-18:00 that day; the job Monday 2025-06-02 10:00-12:00 CST is outside them',
      },
      {
        code: 'on_leave',
        worker: { leaves: [{ from: '2025-06-02', to: '2025-06-03' }] },
        message: 'is on leave from 2025-06-02 to 2025-06-03',
      },
      {
        code: 'daily_cap_reached',
        worker: {
          jobs: [
            job('ord-a', '2025-06-02T14:00', '2025-06-02T15:00'),
            job('ord-b', '2025-06-02T16:00', '2025-06-02T17:00'),
          ],
        },
        policy: { dailyJobCap: 2 },
        message: 'already holds 2 jobs on 2025-06-02 (CST); the daily cap is 2',
      },
      {
        code: 'slot_taken',
        worker: { jobs: [job('ord-c', '2025-06-02T11:00', '2025-06-02T13:00')] },
        message: 'overlaps job ord-c',
      },
      {
        code: 'too_far',
        worker: { homeLocation: east(30) },
        message: 'is 30.0 km away coming from home; the limit is 20 km',
      },
    ];

    it('has a case for every rule', () => {
      expect(cases.map((c) => c.code).sort()).toEqual([...RULE_CODES].sort());
    });

    it.each(cases)('$code: "$message"', (c) => {
      const result = verdicts(order(c.order), [worker('wkr-1', c.worker)], policy(c.policy));
      expect(result['wkr-1']).toEqual([{ code: c.code, message: c.message }]);
    });
  });

  it('lists every rule a worker fails, not only the first', () => {
    const w = worker('wkr-many', {
      status: 'left',
      serviceAreas: ['pudong'],
      leaves: [{ from: '2025-06-01', to: '2025-06-02' }],
      homeLocation: east(35),
      jobs: [job('ord-d', '2025-06-02T09:00', '2025-06-02T10:30')],
    });
    expect(codes(order(), w)).toEqual([
      'not_active',
      'outside_service_area',
      'on_leave',
      'slot_taken',
      'too_far',
    ]);
  });

  describe('travel time between jobs', () => {
    it('makes a tight slot impossible: 30 min after a job 10 km away is less than 24 min drive + 15 min buffer', () => {
      const w = worker('wkr-tight', {
        jobs: [job('ord-prev', '2025-06-02T08:00', '2025-06-02T09:30', east(10))],
      });
      expect(verdicts(order(), [w])['wkr-tight']).toEqual([
        {
          code: 'slot_taken',
          message: 'has 30 min from the end of job ord-prev, needs 39 (10.0 km at 25 km/h + 15 min buffer)',
        },
      ]);
    });

    it('lets the same 30 minutes do from a job 4 km away, and measures the distance from that job', () => {
      const w = worker('wkr-close', {
        jobs: [job('ord-prev', '2025-06-02T08:00', '2025-06-02T09:30', east(4))],
      });
      const set = candidates(order(), [w], policy(), NOW);
      expect(set.eligible.map((c) => [c.workerId, c.origin, c.distanceKm])).toEqual([
        ['wkr-close', 'previous_job', 4],
      ]);
    });

    it('keeps the next job reachable: ending at 12:00 leaves too little for a 12:30 job 10 km away', () => {
      const w = worker('wkr-next', {
        jobs: [job('ord-next', '2025-06-02T12:30', '2025-06-02T14:00', east(10))],
      });
      expect(verdicts(order(), [w])['wkr-next']).toEqual([
        {
          code: 'slot_taken',
          message: 'has 30 min to get to job ord-next, needs 39 (10.0 km at 25 km/h + 15 min buffer)',
        },
      ]);
    });

    it('needs the buffer even between back-to-back jobs at the same address', () => {
      const w = worker('wkr-same', { jobs: [job('ord-prev', '2025-06-02T08:00', '2025-06-02T10:00')] });
      expect(codes(order(), w)).toEqual(['slot_taken']);
    });

    it('takes a slower city speed and a longer buffer from the policy', () => {
      const w = worker('wkr-4km', {
        jobs: [job('ord-prev', '2025-06-02T08:00', '2025-06-02T09:30', east(4))],
      });
      expect(codes(order(), w, policy({ travelSpeedKmh: 12 }))).toEqual(['slot_taken']);
      expect(codes(order(), w, policy({ bufferMinutes: 25 }))).toEqual(['slot_taken']);
    });
  });

  describe('distance is measured from where the worker comes from', () => {
    it('from the previous job that day: 25 km away is too far even when home is close', () => {
      const w = worker('wkr-out', {
        jobs: [job('ord-far', '2025-06-02T07:00', '2025-06-02T08:30', east(25))],
      });
      expect(verdicts(order(), [w])['wkr-out']).toEqual([
        { code: 'too_far', message: 'is 25.0 km away coming from job ord-far; the limit is 20 km' },
      ]);
    });

    it('from home when the previous job was the day before', () => {
      const w = worker('wkr-home', {
        jobs: [job('ord-sun', '2025-06-01T16:00', '2025-06-01T17:00', east(25))],
      });
      const set = candidates(order(), [w], policy(), NOW);
      expect(set.eligible.map((c) => [c.origin, c.distanceKm])).toEqual([['home', 2]]);
    });
  });

  describe('working hours, in China Standard Time', () => {
    it('rejects an order at 07:30 CST on a Monday for hours from 08:00', () => {
      const early = order({ window: { start: cst('2025-06-02T07:30'), end: cst('2025-06-02T09:30') } });
      expect(verdicts(early, [worker('wkr-8am')])['wkr-8am']).toEqual([
        {
          code: 'outside_working_hours',
          message: 'works 08:00-18:00 that day; the job Monday 2025-06-02 07:30-09:30 CST is outside them',
        },
      ]);
    });

    it('accepts a window ending exactly when the working day ends, not a minute later', () => {
      const w = worker('wkr-late');
      const lastSlot = order({ window: { start: cst('2025-06-02T16:00'), end: cst('2025-06-02T18:00') } });
      const tooLate = order({ window: { start: cst('2025-06-02T16:01'), end: cst('2025-06-02T18:01') } });
      expect(codes(lastSlot, w)).toEqual([]);
      expect(codes(tooLate, w)).toEqual(['outside_working_hours']);
    });

    it('takes the weekday in CST: 07:30 on Monday in Shanghai is still Sunday in UTC', () => {
      const mondayEarly = order({ window: { start: '2025-06-01T23:30:00Z', end: '2025-06-02T01:30:00Z' } });
      const mondays = worker('wkr-mon', { weeklyHours: [{ weekday: 1, from: '07:00', to: '12:00' }] });
      const sundays = worker('wkr-sun', { weeklyHours: [{ weekday: 7, from: '07:00', to: '12:00' }] });
      const result = verdicts(mondayEarly, [mondays, sundays]);
      expect(result['wkr-mon']).toEqual([]);
      expect(result['wkr-sun']).toEqual([
        {
          code: 'outside_working_hours',
          message: 'does not work on Mondays; the job Monday 2025-06-02 07:30-09:30 CST',
        },
      ]);
    });

    it('treats back-to-back slots as one stretch, but not a lunch break', () => {
      const overLunch = order({ window: { start: cst('2025-06-02T11:00'), end: cst('2025-06-02T13:00') } });
      const split = (from: string) => [
        { weekday: 1, from: '08:00', to: '12:00' },
        { weekday: 1, from, to: '18:00' },
      ];
      expect(codes(overLunch, worker('wkr-straight', { weeklyHours: split('12:00') }))).toEqual([]);
      expect(codes(overLunch, worker('wkr-lunch', { weeklyHours: split('13:00') }))).toEqual([
        'outside_working_hours',
      ]);
    });

    it('holds the worker for the expected duration when it is longer than the window', () => {
      const long = order({
        window: { start: cst('2025-06-02T16:00'), end: cst('2025-06-02T17:00') },
        expectedMinutes: 150,
      });
      expect(codes(long, worker('wkr-long'))).toEqual(['outside_working_hours']);
    });
  });

  describe('leave', () => {
    it('counts the first and the last day of a leave', () => {
      const endsToday = worker('wkr-ends', { leaves: [{ from: '2025-05-30', to: '2025-06-02' }] });
      const startsToday = worker('wkr-starts', { leaves: [{ from: '2025-06-02', to: '2025-06-06' }] });
      const endedYesterday = worker('wkr-back', { leaves: [{ from: '2025-05-26', to: '2025-06-01' }] });
      const startsTomorrow = worker('wkr-away', { leaves: [{ from: '2025-06-03', to: '2025-06-04' }] });
      const result = verdicts(order(), [endsToday, startsToday, endedYesterday, startsTomorrow]);
      expect(Object.fromEntries(Object.entries(result).map(([id, f]) => [id, f.map((x) => x.code)]))).toEqual(
        {
          'wkr-ends': ['on_leave'],
          'wkr-starts': ['on_leave'],
          'wkr-back': [],
          'wkr-away': [],
        },
      );
    });

    it('takes leave days in CST: 00:30 on 3 June in Shanghai falls on a leave day of 3 June', () => {
      const afterMidnight = order({ window: { start: '2025-06-02T16:30:00Z', end: '2025-06-02T18:30:00Z' } });
      const night = [{ weekday: 2, from: '00:00', to: '06:00' }];
      const leaveOn3rd = worker('wkr-3rd', {
        weeklyHours: night,
        leaves: [{ from: '2025-06-03', to: '2025-06-03' }],
      });
      const leaveOn2nd = worker('wkr-2nd', {
        weeklyHours: night,
        leaves: [{ from: '2025-06-02', to: '2025-06-02' }],
      });
      const result = verdicts(afterMidnight, [leaveOn3rd, leaveOn2nd]);
      expect(result['wkr-3rd']!.map((f) => f.code)).toEqual(['on_leave']);
      expect(result['wkr-2nd']).toEqual([]);
    });
  });

  describe('daily job cap', () => {
    const cap2 = policy({ dailyJobCap: 2 });

    it('counts jobs on the CST day: 07:00 Monday in Shanghai is Sunday in UTC but counts for Monday', () => {
      const w = worker('wkr-busy', {
        jobs: [
          {
            orderId: 'ord-early',
            start: '2025-06-01T23:00:00Z',
            end: '2025-06-01T23:30:00Z',
            location: east(1),
          },
          job('ord-evening', '2025-06-02T19:00', '2025-06-02T20:00'),
        ],
      });
      expect(verdicts(order(), [w], cap2)['wkr-busy']).toEqual([
        {
          code: 'daily_cap_reached',
          message: 'already holds 2 jobs on 2025-06-02 (CST); the daily cap is 2',
        },
      ]);
    });

    it('does not count jobs of the CST days around it, whatever their UTC date', () => {
      const w = worker('wkr-free', {
        jobs: [
          job('ord-sunday', '2025-06-01T22:00', '2025-06-01T23:00'),
          {
            orderId: 'ord-tuesday',
            start: '2025-06-02T16:30:00Z',
            end: '2025-06-02T17:30:00Z',
            location: east(1),
          },
        ],
      });
      const set = candidates(order(), [w], cap2, NOW);
      expect(set.eligible.map((c) => [c.workerId, c.jobsThatDay])).toEqual([['wkr-free', 0]]);
    });
  });

  describe('a limit met exactly is within it', () => {
    // The order: 10:00-12:00 CST at Xujiahui; buffer 15 min, so a job at the same address needs 15 min between.
    it('takes a job the buffer after the previous one at the same address, not a minute sooner', () => {
      const after = (end: string) => worker('wkr-prev', { jobs: [job('ord-prev', '2025-06-02T08:00', end)] });
      expect(codes(order(), after('2025-06-02T09:45'))).toEqual([]);
      expect(codes(order(), after('2025-06-02T09:46'))).toEqual(['slot_taken']);
    });

    it('takes a job that leaves exactly the buffer before the next one, not a minute less', () => {
      const before = (start: string) =>
        worker('wkr-next', { jobs: [job('ord-next', start, '2025-06-02T14:00')] });
      expect(codes(order(), before('2025-06-02T12:15'))).toEqual([]);
      expect(codes(order(), before('2025-06-02T12:14'))).toEqual(['slot_taken']);
    });

    it('without a buffer, lets jobs touch but not overlap by a minute', () => {
      const noBuffer = policy({ bufferMinutes: 0 });
      const touching = worker('wkr-touch', {
        jobs: [
          job('ord-a', '2025-06-02T08:00', '2025-06-02T10:00'),
          job('ord-b', '2025-06-02T12:00', '2025-06-02T13:00'),
        ],
      });
      expect(codes(order(), touching, noBuffer)).toEqual([]);
      const overlapping = worker('wkr-overlap', {
        jobs: [job('ord-a', '2025-06-02T08:00', '2025-06-02T10:01')],
      });
      expect(verdicts(order(), [overlapping], noBuffer)['wkr-overlap']).toEqual([
        { code: 'slot_taken', message: 'overlaps job ord-a' },
      ]);
    });

    it('reaches a worker exactly the limit away, not a metre further', () => {
      const home = east(12);
      const w = worker('wkr-edge', { homeLocation: home });
      const km = haversineKm(home, order().location);
      expect(codes(order(), w, policy({ maxDistanceKm: km }))).toEqual([]);
      expect(codes(order(), w, policy({ maxDistanceKm: km - 0.001 }))).toEqual(['too_far']);
    });

    it('takes a job starting exactly when the working day starts', () => {
      const first = order({ window: { start: cst('2025-06-02T08:00'), end: cst('2025-06-02T10:00') } });
      expect(codes(first, worker('wkr-8am'))).toEqual([]);
    });

    it("takes the job that reaches the daily cap, and not one more; the order's own booking does not count", () => {
      const o = order();
      const jobs = [
        job('ord-a', '2025-06-02T14:00', '2025-06-02T15:00'),
        job(o.orderId, '2025-06-02T10:00', '2025-06-02T12:00'),
      ];
      expect(codes(o, worker('wkr-cap', { jobs }), policy({ dailyJobCap: 2 }))).toEqual([]);
      expect(codes(o, worker('wkr-cap', { jobs }), policy({ dailyJobCap: 1 }))).toEqual([
        'daily_cap_reached',
      ]);
    });
  });

  it("ignores the worker's own booking of the order being re-dispatched (a reschedule keeps its worker possible)", () => {
    const o = order();
    const w = worker('wkr-holder', { jobs: [job(o.orderId, '2025-06-02T09:00', '2025-06-02T11:00')] });
    const set = candidates(o, [w], policy({ dailyJobCap: 1 }), NOW);
    expect(set.eligible.map((c) => [c.workerId, c.jobsThatDay, c.overlapping])).toEqual([
      ['wkr-holder', 0, []],
    ]);
  });

  describe('routing rules', () => {
    const engineers = [
      worker('wkr-smart', {
        eligibleItems: ['AS-SMART-REPAIR', 'AS-WARDROBE-REPAIR', 'AS-SOFA-REPAIR'],
        groups: ['smart_home'],
      }),
      worker('wkr-panel', {
        eligibleItems: ['AS-SMART-REPAIR', 'AS-WARDROBE-REPAIR', 'AS-SOFA-REPAIR'],
        groups: ['panel_installers'],
      }),
      worker('wkr-general', {
        eligibleItems: ['AS-SMART-REPAIR', 'AS-WARDROBE-REPAIR', 'AS-SOFA-REPAIR'],
        groups: [],
      }),
    ];
    const eligibleFor = (o: OrderToDispatch, p: DispatchPolicy = policy()) =>
      candidates(o, engineers, p, NOW).eligible.map((c) => c.workerId);

    it('sends a smart-home repair only to the smart_home group', () => {
      const result = verdicts(smartHomeRepair(), engineers);
      expect(result['wkr-smart']).toEqual([]);
      expect(result['wkr-panel']).toEqual([
        { code: 'routing_group', message: 'is not in the smart_home group, which smart_home orders go to' },
      ]);
      expect(result['wkr-general']!.map((f) => f.code)).toEqual(['routing_group']);
    });

    it('sends a wardrobe repair only to the panel installers', () => {
      const wardrobe = order({
        itemCode: 'AS-WARDROBE-REPAIR',
        businessUnit: 'after_sales',
        productCategory: 'wardrobe',
        expectedMinutes: 90,
      });
      expect(eligibleFor(wardrobe)).toEqual(['wkr-panel']);
    });

    it('lets any qualified engineer take a sofa repair, which no rule routes', () => {
      const sofa = order({
        itemCode: 'AS-SOFA-REPAIR',
        businessUnit: 'after_sales',
        productCategory: 'sofa',
      });
      expect(eligibleFor(sofa)).toEqual(['wkr-general', 'wkr-panel', 'wkr-smart']);
    });

    it('applies every matching rule, by item as well as by category', () => {
      const strict = policy({
        routingRules: [
          ...policy().routingRules,
          { itemCode: 'AS-SMART-REPAIR', group: 'certified_electricians' },
        ],
      });
      const result = verdicts(smartHomeRepair(), engineers, strict);
      expect(result['wkr-smart']).toEqual([
        {
          code: 'routing_group',
          message: 'is not in the certified_electricians group, which orders for item AS-SMART-REPAIR go to',
        },
      ]);
    });
  });

  it('explains one worker the index never examined, rule by rule', () => {
    const { facts, failed } = explainWorker(order(), worker('wkr-x', { serviceAreas: ['pudong'] }), policy());
    expect(facts).toMatchObject({ workerId: 'wkr-x', servesDistrict: false, distanceKm: 2 });
    expect(failed).toEqual([{ code: 'outside_service_area', message: 'does not serve district xuhui' }]);
  });

  it('records the rejected and the eligible in workerId order, whatever order the workers come in', () => {
    const ws = ['wkr-c', 'wkr-a', 'wkr-d', 'wkr-b'].map((id, i) =>
      worker(id, i % 2 === 0 ? { status: 'applicant' } : {}),
    );
    const set = candidates(order(), ws, policy(), NOW);
    expect(set.eligible.map((c) => c.workerId)).toEqual(['wkr-a', 'wkr-b']);
    expect(set.rejected.map((r) => r.workerId)).toEqual(['wkr-c', 'wkr-d']);
  });
});
