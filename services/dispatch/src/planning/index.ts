/**
 * The city-day plan of dispatch: all open orders of a branch's day at once, against greedy online
 * dispatch and, on small days, the exact optimum. See README.md in this folder.
 */
export type {
  CityDayPlan,
  ExistingJob,
  GeoPoint,
  HardRule,
  Instant,
  Interval,
  PlannedJob,
  PlanOrder,
  PlanPolicy,
  PlanWorker,
  RouteStop,
  UnassignedOrder,
  WorkerRoute,
} from './domain/city-day';
export { greedyOnline } from './domain/greedy-online';
export { planCityDay, type PlanOptions, type PlanSearch } from './domain/plan-city-day';
