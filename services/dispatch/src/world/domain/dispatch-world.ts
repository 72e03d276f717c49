import type { EventData, EventEnvelope, OrderPlaced, WorkerApplied } from '@platform/contracts';
import type {
  BookedJob,
  BusinessUnit,
  OrderToDispatch,
  WorkerView,
} from '../../matching/domain/dispatch-view';
import { prepareOrder } from '../../matching/domain/worker-facts';
import { WorkerIndex } from '../../matching/domain/worker-index';
import { defaultPolicy, type BranchPolicy } from './branch-policy';
import { workerRating } from './worker-rating';
import { districtCode } from './districts';
import { businessDay } from '@platform/domain-kit';

export type OrderProgress = 'placed' | 'checked_in' | 'completed' | 'closed' | 'cancelled';
export type DispatchProgress = 'waiting' | 'offering' | 'assigned' | 'failed';

/** An order as dispatch sees it: what matching needs, how far the job got, and who holds it. */
export interface OrderInView {
  order: OrderToDispatch;
  itemName: { zh: string; en: string };
  progress: OrderProgress;
  checkedInAt: string | null;
  completedAt: string | null;
  dispatch: {
    status: DispatchProgress;
    workerId: string | null;
    offerId: string | null;
    offerExpiresAt: string | null;
    how: 'auto' | 'manual' | null;
    decisionId: string | null;
  };
}

const WAITING: OrderInView['dispatch'] = {
  status: 'waiting',
  workerId: null,
  offerId: null,
  offerExpiresAt: null,
  how: null,
  decisionId: null,
};

/** Years of experience → 1 (novice) … 5 (expert), until workforce records skill levels. */
export const skillLevel = (experienceYears: number): number =>
  experienceYears >= 10
    ? 5
    : experienceYears >= 6
      ? 4
      : experienceYears >= 3
        ? 3
        : experienceYears >= 1
          ? 2
          : 1;

const businessUnitOf = (line: string): BusinessUnit =>
  line === 'after_sales' ? 'after_sales' : 'home_cleaning';

/** The job an order puts in a worker's day, as the hard rules measure it. */
export function bookedJob(order: OrderToDispatch): BookedJob & { start: Date; end: Date } {
  const { start, end } = prepareOrder(order);
  return { orderId: order.orderId, start: new Date(start), end: new Date(end), location: order.location };
}

type Data = Record<string, unknown>;

/**
 * Dispatch's own view of the world, built only from events: orders (orders.events), workers and
 * their availability (workforce.events), and its own offers, assignments and policies
 * (dispatch.events). Pure and synchronous, so it is tested without a broker; the service feeds it
 * every event of the three topics from the beginning. Applying an event twice changes nothing.
 */
export class DispatchWorld {
  readonly workers = new WorkerIndex();
  readonly orders = new Map<string, OrderInView>();
  private readonly policies = new Map<string, BranchPolicy>();
  private readonly regulars = new Map<string, string>();
  private readonly offerOrders = new Map<string, string>();
  /** Per order, the last event of its `assignment-` stream applied: a repeat or an older one is skipped. */
  private readonly applied = new Map<string, number>();
  /** Dispatch's events met before the order itself (another topic can be read ahead). */
  private readonly early = new Map<string, Parameters<DispatchWorld['apply']>[0][]>();
  /** Where each hold on a worker's time (an offer's, an assignment's) is: worker and CST day, as when made. */
  private readonly reservations = new Map<string, { workerId: string; day: string }>();
  private readonly leaves = new Map<string, Map<string, { from: string; to: string }>>();
  /** Customers' stars per worker, by order (a re-rating replaces), and whom each order rated. */
  private readonly stars = new Map<string, Map<string, number>>();
  private readonly ratedWorker = new Map<string, string>();

  policyOf(branchId: string): BranchPolicy {
    return this.policies.get(branchId) ?? defaultPolicy(branchId);
  }

  order(orderId: string): OrderInView | undefined {
    return this.orders.get(orderId);
  }

  orderOfOffer(offerId: string): OrderInView | undefined {
    const orderId = this.offerOrders.get(offerId);
    return orderId === undefined ? undefined : this.orders.get(orderId);
  }

  /** Orders a worker holds (assigned or offered) that have not started yet. */
  upcomingJobsOf(workerId: string, now: Date): OrderInView[] {
    const view = this.workers.get(workerId);
    if (!view) return [];
    return view.jobs
      .map((job) => this.orders.get(job.orderId))
      .filter(
        (o): o is OrderInView =>
          !!o && o.progress === 'placed' && Date.parse(String(o.order.window.start)) > now.getTime(),
      );
  }

  /** Where the time held for an offer or an assignment (by its id) is. */
  reservationOf(reservationId: string): { workerId: string; day: string } | undefined {
    return this.reservations.get(reservationId);
  }

  apply(
    event: Pick<EventEnvelope, 'type' | 'data' | 'occurredAt'> &
      Partial<Pick<EventEnvelope, 'streamId' | 'streamPosition'>>,
  ): void {
    const data = event.data as Data;
    switch (event.type) {
      case 'WorkerApplied':
        return this.addWorker(data as EventData<typeof WorkerApplied>);
      case 'WorkerMovedStation':
        return this.changeWorker(data, { stationId: data.toStationId, branchId: data.branchId });
      case 'WorkerActivated':
      case 'WorkerReinstated':
        return this.changeWorker(data, { status: 'active' });
      case 'WorkerSuspended':
        return this.changeWorker(data, { status: 'suspended' });
      case 'WorkerLeft':
        return this.changeWorker(data, { status: 'left' });
      case 'WorkerBecameEligible':
      case 'WorkerBecameIneligible': {
        const view = this.workers.get(data.workerId as string);
        if (!view) return;
        const others = view.eligibleItems.filter((item) => item !== data.itemCode);
        const eligibleItems =
          event.type === 'WorkerBecameEligible' ? [...others, data.itemCode as string] : others;
        return this.changeWorker(data, { eligibleItems });
      }
      case 'WorkingHoursSet':
        return this.changeWorker(data, { weeklyHours: data.weekly });
      case 'ServiceAreasChanged':
        return this.changeWorker(data, { serviceAreas: (data.serviceAreas as string[]).map(districtCode) });
      case 'LeaveRecorded':
      case 'LeaveCancelled':
        return this.changeLeave(event.type, data);
      case 'RegularWorkerNamed':
        this.regulars.set(`${data.customerId}/${data.itemCode}`, data.workerId as string);
        return;
      case 'RegularWorkerCleared':
        this.regulars.delete(`${data.customerId}/${data.itemCode}`);
        return;
      case 'OrderPlaced':
        return this.addOrder(data as EventData<typeof OrderPlaced>);
      case 'OrderRescheduled':
        return this.reschedule(data.orderId as string, data.to as { start: string; end: string });
      case 'OrderCancelled':
        return this.progress(data.orderId as string, 'cancelled');
      case 'JobCheckedIn':
        return this.progress(data.orderId as string, 'checked_in', event.occurredAt);
      case 'JobCompleted':
        return this.progress(data.orderId as string, 'completed', event.occurredAt);
      case 'OrderClosed':
        return this.progress(data.orderId as string, 'closed');
      case 'JobRated':
        return this.rate(data.orderId as string, data.workerId as string, data.stars as number);
      case 'DispatchPolicySet':
        this.policies.set(data.branchId as string, {
          branchId: data.branchId as string,
          version: data.version as number,
          settings: data.policy as BranchPolicy['settings'],
        });
        return;
      default:
        return this.applyDispatch(event);
    }
  }

  private applyDispatch(event: Parameters<DispatchWorld['apply']>[0]): void {
    const { type } = event;
    const data = event.data as Data;
    const orderId = data.orderId as string;
    const entry = this.orders.get(orderId);
    if (!entry) {
      if (event.streamId?.startsWith('assignment-'))
        this.early.set(orderId, [...(this.early.get(orderId) ?? []), event]);
      return;
    }
    if (event.streamId?.startsWith('assignment-') && event.streamPosition !== undefined) {
      if (event.streamPosition <= (this.applied.get(orderId) ?? -1)) return;
      this.applied.set(orderId, event.streamPosition);
    }
    const workerId = data.workerId as string;
    switch (type) {
      case 'DispatchDecided':
        entry.dispatch = { ...WAITING, status: 'offering', decisionId: data.decisionId as string };
        return;
      case 'OfferMade':
        this.offerOrders.set(data.offerId as string, entry.order.orderId);
        this.reservations.set(data.offerId as string, {
          workerId,
          day: businessDay(bookedJob(entry.order).start.getTime()),
        });
        entry.dispatch = {
          ...entry.dispatch,
          status: 'offering',
          workerId,
          offerId: data.offerId as string,
          offerExpiresAt: data.expiresAt as string,
        };
        return this.book(workerId, entry);
      case 'OfferDeclined':
      case 'OfferExpired':
      case 'OfferWithdrawn':
      case 'TechnicianUnassigned':
        this.workers.removeJob(workerId, entry.order.orderId);
        if (entry.dispatch.workerId === workerId)
          entry.dispatch =
            type === 'OfferWithdrawn' || type === 'TechnicianUnassigned'
              ? { ...WAITING }
              : { ...entry.dispatch, workerId: null, offerId: null, offerExpiresAt: null };
        return;
      case 'TechnicianAssigned':
        this.reservations.set(data.assignmentId as string, {
          workerId,
          day: businessDay(bookedJob(entry.order).start.getTime()),
        });
        if (entry.dispatch.workerId && entry.dispatch.workerId !== workerId)
          this.workers.removeJob(entry.dispatch.workerId, entry.order.orderId);
        entry.dispatch = {
          ...entry.dispatch,
          status: 'assigned',
          workerId,
          offerId: data.how === 'auto' ? entry.dispatch.offerId : null,
          offerExpiresAt: null,
          how: data.how as 'auto' | 'manual',
        };
        return this.book(workerId, entry);
      case 'DispatchFailed':
        entry.dispatch = { ...WAITING, status: 'failed', decisionId: data.decisionId as string | null };
        return;
      case 'AssignmentMoved':
        // The worker kept the rescheduled job: its hold is on the new day now.
        this.reservations.set(data.assignmentId as string, { workerId, day: data.day as string });
        return;
    }
  }

  private book(workerId: string, entry: OrderInView): void {
    if (this.workers.get(workerId) && entry.progress !== 'cancelled')
      this.workers.addJob(workerId, bookedJob(entry.order));
  }

  private rate(orderId: string, workerId: string, stars: number): void {
    const before = this.ratedWorker.get(orderId);
    if (before !== undefined && before !== workerId) {
      this.stars.get(before)?.delete(orderId);
      this.changeWorker(
        { workerId: before },
        { rating: workerRating(this.stars.get(before)?.values() ?? []) },
      );
    }
    this.ratedWorker.set(orderId, workerId);
    const mine = this.stars.get(workerId) ?? new Map<string, number>();
    this.stars.set(workerId, mine.set(orderId, stars));
    this.changeWorker({ workerId }, { rating: workerRating(mine.values()) });
  }

  private addWorker(data: EventData<typeof WorkerApplied>): void {
    if (this.workers.get(data.workerId)) return;
    const view: WorkerView = {
      workerId: data.workerId,
      stationId: data.stationId,
      branchId: data.branchId,
      status: 'applicant',
      eligibleItems: [],
      homeLocation: data.homeLocation,
      serviceAreas: data.serviceAreas.map(districtCode),
      weeklyHours: [],
      leaves: [],
      // A worker's job types are the routing groups they belong to (smart_home, panel_installers, ...).
      groups: data.jobTypes,
      skillLevel: skillLevel(data.experienceYears),
      // Ratings read before the worker (feedback's topic can be read ahead of workforce's).
      rating: workerRating(this.stars.get(data.workerId)?.values() ?? []),
      jobs: [],
    };
    this.workers.put(view);
  }

  private changeWorker(data: Data, change: Partial<WorkerView> | Record<string, unknown>): void {
    const view = this.workers.get(data.workerId as string);
    if (view) this.workers.put({ ...view, ...(change as Partial<WorkerView>) });
  }

  private changeLeave(type: string, data: Data): void {
    const workerId = data.workerId as string;
    const leaves = this.leaves.get(workerId) ?? new Map<string, { from: string; to: string }>();
    this.leaves.set(workerId, leaves);
    if (type === 'LeaveRecorded')
      leaves.set(data.leaveId as string, { from: data.from as string, to: data.to as string });
    else leaves.delete(data.leaveId as string);
    this.changeWorker(data, { leaves: [...leaves.values()] });
  }

  private addOrder(data: EventData<typeof OrderPlaced>): void {
    if (this.orders.has(data.orderId)) return;
    this.orders.set(data.orderId, {
      order: {
        orderId: data.orderId,
        branchId: data.branchId,
        itemCode: data.item.code,
        businessUnit: businessUnitOf(data.item.line),
        productCategory: data.product?.category ?? null,
        location: data.address.location,
        district: districtCode(data.address.district),
        window: { start: data.appointment.start, end: data.appointment.end },
        expectedMinutes: data.item.expectedMinutes,
        customerId: data.customerId,
        regularWorkerId: this.regulars.get(`${data.customerId}/${data.item.code}`) ?? null,
      },
      itemName: data.item.name,
      progress: 'placed',
      checkedInAt: null,
      completedAt: null,
      dispatch: { ...WAITING },
    });
    const early = this.early.get(data.orderId);
    this.early.delete(data.orderId);
    for (const event of early ?? []) this.applyDispatch(event);
  }

  private reschedule(orderId: string, window: { start: string; end: string }): void {
    const entry = this.orders.get(orderId);
    if (!entry) return;
    entry.order = { ...entry.order, window };
    for (const holder of this.workers.holdersOf(orderId)) this.workers.addJob(holder, bookedJob(entry.order));
  }

  private progress(orderId: string, progress: OrderProgress, at?: string): void {
    const entry = this.orders.get(orderId);
    if (!entry) return;
    entry.progress = progress;
    if (progress === 'checked_in') entry.checkedInAt ??= at ?? null;
    if (progress === 'completed') entry.completedAt ??= at ?? null;
    // A cancelled order frees its worker's time at once; finished jobs stay in the day (load, cap).
    if (progress === 'cancelled')
      for (const holder of this.workers.holdersOf(orderId)) this.workers.removeJob(holder, orderId);
  }
}
