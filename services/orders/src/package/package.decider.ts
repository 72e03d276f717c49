import type {
  EventData,
  PackageCancelled,
  PackagePaused,
  PackageResumed,
  PackageSubscribed,
  PackageVisitOrdered,
  TimeWindow,
} from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';
import type { CatalogueItemState } from '../catalogue/catalogue-item.decider';
import { addDays, dateInZone, isoWeekday, wallClockToInstant } from './wall-clock';

export type PackageEvent =
  | { type: 'PackageSubscribed'; data: EventData<typeof PackageSubscribed> }
  | { type: 'PackageVisitOrdered'; data: EventData<typeof PackageVisitOrdered> }
  | { type: 'PackagePaused'; data: EventData<typeof PackagePaused> }
  | { type: 'PackageResumed'; data: EventData<typeof PackageResumed> }
  | { type: 'PackageCancelled'; data: EventData<typeof PackageCancelled> };

export type PackageTerms = EventData<typeof PackageSubscribed>;

export type PackageState =
  | { status: 'none' }
  | { status: 'active' | 'paused' | 'cancelled'; terms: PackageTerms; ordered: Record<string, string> };

export type PackageCommand =
  | { type: 'SubscribePackage'; at: Date; terms: PackageTerms; catalogueItem: CatalogueItemState }
  | { type: 'RecordVisitOrdered'; visitDate: string; orderId: string }
  | { type: 'PausePackage'; reason: string }
  | { type: 'ResumePackage' }
  | { type: 'CancelPackage'; reason: string };

const notFound = () => new DomainError('PACKAGE_NOT_FOUND', 'package not found');
const illegal = (status: string, action: string, allowed: string) =>
  new DomainError(
    'ILLEGAL_TRANSITION',
    `cannot ${action}: the package is ${status} (allowed when ${allowed})`,
    { currentStatus: status },
  );

function subscribe(
  command: Extract<PackageCommand, { type: 'SubscribePackage' }>,
  state: PackageState,
): PackageEvent[] {
  if (state.status !== 'none')
    throw new DomainError('PACKAGE_EXISTS', `package ${command.terms.packageId} already exists`);
  const { terms, catalogueItem: item } = command;
  if (item.status !== 'published')
    throw new DomainError('ITEM_NOT_ORDERABLE', `service item ${terms.itemCode} is not orderable`, {
      field: 'itemCode',
    });
  if (item.details.line !== 'home_services') {
    throw new DomainError('ITEM_NOT_RECURRING', 'yearly packages are sold for home services only', {
      field: 'itemCode',
    });
  }
  if (!item.details.cities.includes(terms.address.city)) {
    throw new DomainError(
      'ITEM_NOT_OFFERED_IN_CITY',
      `service item ${terms.itemCode} is not offered in ${terms.address.city}`,
      {
        field: 'address.city',
      },
    );
  }
  if (terms.startDate < dateInZone(command.at, terms.timeZone)) {
    throw new DomainError('START_IN_PAST', 'a package cannot start in the past', { field: 'startDate' });
  }
  return [{ type: 'PackageSubscribed', data: terms }];
}

function decide(command: PackageCommand, state: PackageState): PackageEvent[] {
  if (command.type === 'SubscribePackage') return subscribe(command, state);
  if (state.status === 'none') throw notFound();
  const packageId = state.terms.packageId;
  switch (command.type) {
    case 'RecordVisitOrdered':
      if (state.ordered[command.visitDate]) return [];
      if (state.status !== 'active') throw illegal(state.status, 'order a visit', 'active');
      return [
        {
          type: 'PackageVisitOrdered',
          data: { packageId, visitDate: command.visitDate, orderId: command.orderId },
        },
      ];
    case 'PausePackage':
      if (state.status === 'paused') return [];
      if (state.status !== 'active') throw illegal(state.status, 'pause', 'active');
      return [{ type: 'PackagePaused', data: { packageId, reason: command.reason } }];
    case 'ResumePackage':
      if (state.status === 'active') return [];
      if (state.status !== 'paused') throw illegal(state.status, 'resume', 'paused');
      return [{ type: 'PackageResumed', data: { packageId } }];
    case 'CancelPackage':
      if (state.status === 'cancelled') return [];
      return [{ type: 'PackageCancelled', data: { packageId, reason: command.reason } }];
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: PackageState, event: PackageEvent): PackageState {
  if (event.type === 'PackageSubscribed') return { status: 'active', terms: event.data, ordered: {} };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PackageVisitOrdered':
      return { ...state, ordered: { ...state.ordered, [event.data.visitDate]: event.data.orderId } };
    case 'PackagePaused':
      return { ...state, status: 'paused' };
    case 'PackageResumed':
      return { ...state, status: 'active' };
    case 'PackageCancelled':
      return { ...state, status: 'cancelled' };
  }
}

export const packageDecider: Decider<PackageCommand, PackageState, PackageEvent> = {
  initialState: { status: 'none' },
  decide,
  evolve,
};

export const packageStream = (packageId: string) => `package-${packageId}`;

export interface PackageVisit {
  visitDate: string;
  appointment: TimeWindow;
}

/**
 * The visits an active package still has to order between now and the horizon: its weekday,
 * every `everyWeeks` weeks counted from the first visit on or after the start date. Visits that
 * would start before `earliestStart` (too soon to staff) are left out.
 */
export function visitsToOrder(
  state: PackageState,
  now: Date,
  horizonDays: number,
  earliestStart: Date,
): PackageVisit[] {
  if (state.status !== 'active') return [];
  const { terms } = state;
  const firstVisit = addDays(terms.startDate, (terms.weekday - isoWeekday(terms.startDate) + 7) % 7);
  const until = addDays(dateInZone(now, terms.timeZone), horizonDays);
  const visits: PackageVisit[] = [];
  for (
    let date = firstVisit;
    date <= terms.endDate && date <= until;
    date = addDays(date, 7 * terms.everyWeeks)
  ) {
    if (state.ordered[date]) continue;
    const start = wallClockToInstant(date, terms.window.from, terms.timeZone);
    if (start < earliestStart) continue;
    const end = wallClockToInstant(date, terms.window.to, terms.timeZone);
    visits.push({ visitDate: date, appointment: { start: start.toISOString(), end: end.toISOString() } });
  }
  return visits;
}
