import type { OrderToDispatch, WorkerView } from '../../matching';
import { checkPlan } from '../../../test/support/check-plan';
import { shanghaiPolicy } from '../../../test/support/generate-city';
import { greedyOnline } from '../../planning';
import { planInputs } from './plan-inputs';

const day = '2026-06-02'; // a Tuesday
const order = (id: string, extra: Partial<OrderToDispatch> = {}): OrderToDispatch => ({
  orderId: id,
  branchId: 'shanghai',
  itemCode: 'HC-DAILY-2H',
  businessUnit: 'home_cleaning',
  productCategory: null,
  location: { lat: 31.19, lng: 121.44 },
  district: 'xuhui',
  window: { start: `${day}T09:00:00+08:00`, end: `${day}T11:00:00+08:00` },
  expectedMinutes: 120,
  customerId: 'c-1',
  regularWorkerId: null,
  ...extra,
});
const worker = (id: string, extra: Partial<WorkerView> = {}): WorkerView => ({
  workerId: id,
  stationId: 'sh-xuhui',
  branchId: 'shanghai',
  status: 'active',
  eligibleItems: ['HC-DAILY-2H', 'AS-SMART-LOCK'],
  homeLocation: { lat: 31.18, lng: 121.43 },
  serviceAreas: ['xuhui'],
  weeklyHours: [{ weekday: 2, from: '08:00', to: '18:00' }],
  leaves: [],
  groups: ['housekeeping'],
  skillLevel: 3,
  jobs: [],
  ...extra,
});

describe("a branch's day in the planner's terms", () => {
  it("turns the weekday's hours into that day's shift in China Standard Time", () => {
    const { workers } = planInputs('shanghai', [order('o-1')], [worker('w-1')], shanghaiPolicy, day);
    expect(workers).toHaveLength(1);
    expect(new Date(workers[0]!.shifts[0]!.start).toISOString()).toBe('2026-06-02T00:00:00.000Z');
    expect(new Date(workers[0]!.shifts[0]!.end).toISOString()).toBe('2026-06-02T10:00:00.000Z');
  });

  it('leaves out workers who are on leave, not active, of another branch, or off that weekday', () => {
    const { workers } = planInputs(
      'shanghai',
      [order('o-1')],
      [
        worker('on-leave', { leaves: [{ from: '2026-06-01', to: '2026-06-03' }] }),
        worker('suspended', { status: 'suspended' }),
        worker('beijing', { branchId: 'beijing' }),
        worker('mondays', { weeklyHours: [{ weekday: 1, from: '08:00', to: '18:00' }] }),
        worker('w-ok'),
      ],
      shanghaiPolicy,
      day,
    );
    expect(workers.map((w) => w.workerId)).toEqual(['w-ok']);
  });

  it("passes the policy's reach on, for the plan's policy", () => {
    const inputs = planInputs('shanghai', [order('o-1')], [worker('w-1')], shanghaiPolicy, day);
    expect(inputs.maxDistanceKm).toBe(shanghaiPolicy.maxDistanceKm);
  });

  it('sends a smart-home order only to the smart-home group, as the routing rules say', () => {
    const smart = order('o-smart', {
      itemCode: 'AS-SMART-LOCK',
      businessUnit: 'after_sales',
      productCategory: 'smart_home',
    });
    const inputs = planInputs(
      'shanghai',
      [smart],
      [worker('plain'), worker('smart', { groups: ['smart_home'] })],
      shanghaiPolicy,
      day,
    );
    expect(inputs.orders[0]!.itemCode).toBe('AS-SMART-LOCK@smart_home');
    const plan = greedyOnline(inputs.orders, inputs.workers, { travelSpeedKmh: 25, bufferMinutes: 15 });
    expect(plan.assignments.map((a) => a.workerId)).toEqual(['smart']);
    expect(checkPlan(plan, inputs.orders, inputs.workers, { travelSpeedKmh: 25, bufferMinutes: 15 })).toEqual(
      [],
    );
  });

  it("keeps a worker's other jobs that day as fixed stops, and not the open orders themselves", () => {
    const held = {
      orderId: 'held',
      start: new Date(`${day}T14:00:00+08:00`),
      end: new Date(`${day}T16:00:00+08:00`),
      location: { lat: 31.2, lng: 121.45 },
    };
    const open = {
      orderId: 'o-1',
      start: new Date(`${day}T09:00:00+08:00`),
      end: new Date(`${day}T11:00:00+08:00`),
      location: { lat: 31.2, lng: 121.45 },
    };
    const { workers } = planInputs(
      'shanghai',
      [order('o-1')],
      [worker('w-1', { jobs: [held, open] })],
      shanghaiPolicy,
      day,
    );
    expect(workers[0]!.existingJobs.map((j) => j.orderId)).toEqual(['held']);
  });
});
