import {
  accessScope,
  crossBranchRoles,
  inScope,
  type AccessScope,
  type InvolvedWorker,
  type Principal,
  type Role,
} from '@platform/auth';

/**
 * Who sees which orders, on the platform's one scope model (`accessScope` in @platform/auth, as in
 * dispatch and workforce): a customer their own, a worker the jobs they hold or are offered, branch
 * staff their branch, a station leader what their station's workers hold or are offered, the
 * cross-branch roles everything. Enforced here, in the subgraph that owns orders, whatever the
 * gateway did. How much of an order in scope each role is shown is decided below (README, "Who
 * sees what").
 */
export type OrderScope = AccessScope;

/** Staff who may act on orders (place for a customer, move, cancel, close). */
export const orderDeskRoles: readonly Role[] = ['admin', 'dispatcher', 'cs_agent'];

export const orderScope = (principal: Principal): OrderScope =>
  accessScope(principal, { what: 'orders', everything: crossBranchRoles, customers: true });

export interface OrderOwnership {
  branchId: string;
  customerId: string;
  workerId: string | null;
}

/**
 * For things no offer involves (yearly packages, an order before dispatch has looked at it): the
 * holder is the only worker. An order's full answer needs its open offers: `OrderAccess.maySee`.
 */
export function maySeeIgnoringOffers(scope: OrderScope, order: OrderOwnership): boolean {
  return inScope(scope, {
    branchId: order.branchId,
    customerId: order.customerId,
    workers: order.workerId ? [{ workerId: order.workerId }] : [],
  });
}

/** How long before and after the appointment a worker sees the customer's full phone number. */
export const PHONE_VISIBLE_MARGIN_MS = 2 * 3600_000;

/** What of the customer's contact a caller is shown on an order they may see. */
export interface ContactShown {
  /** Also the signer's name on the job's signature. */
  name: boolean;
  phone: boolean;
  /** Also the free-text notes: customers write door codes, addresses and numbers in them. */
  street: boolean;
}

/** Finance, legal and QA work on money, disputes and quality across branches: ids, places and work, not people. */
const backOfficeRoles: readonly Role[] = ['finance', 'legal', 'qa_inspector'];

/**
 * Roles shown no order's customer contact, only its masked form (`周**`, `138****5678`), enough to
 * tell a caller quoting their surname and number that this is their order. Searching by name or
 * phone would unmask it, so the board refuses them such a search.
 */
export const contactHidden = (principal: Principal): boolean => backOfficeRoles.includes(principal.role);

/**
 * Data minimisation of the customer's contact. The order desk and the customer see all of it; the
 * worker who holds the job sees name and street, and the phone only around the service window; a
 * worker merely offered the job, and a station leader whose worker is merely offered it, see the
 * name only; the leader of the holder's station sees all of it (they answer for the job);
 * finance, legal and QA see only its masked form (the customer id identifies the customer to them).
 */
export function contactShown(
  principal: Principal,
  order: { workerId: string | null; appointmentStart: Date; appointmentEnd: Date },
  holder: InvolvedWorker | null,
  now: Date,
): ContactShown {
  const all = { name: true, phone: true, street: true };
  if (contactHidden(principal)) return { name: false, phone: false, street: false };
  if (principal.role === 'worker') {
    if (order.workerId !== principal.sub) return { name: true, phone: false, street: false };
    const inWindow =
      now.getTime() >= order.appointmentStart.getTime() - PHONE_VISIBLE_MARGIN_MS &&
      now.getTime() <= order.appointmentEnd.getTime() + PHONE_VISIBLE_MARGIN_MS;
    return { name: true, phone: inWindow, street: true };
  }
  if (principal.role === 'station_leader') {
    const holdsIt = !!holder?.stationId && holder.stationId === principal.station;
    return holdsIt ? all : { name: true, phone: false, street: false };
  }
  return all;
}

/** What a customer's name becomes where it is not shown: its first character, then a mask. */
export const maskName = (name: string): string => (name ? `${[...name][0]}**` : '');

/** How an order's file is used: the customer's attachment, a job photo, the customer's signature. */
export type FileUse = 'attachment' | 'job_photo' | 'signature';

/**
 * Which of an order's files a caller who may see the order may download: finance none (money needs
 * no pictures); QA the attachments and job photos (the work), not the signature; a worker or
 * station leader only offered the job, the customer's attachments (to judge it); everyone else
 * who may see the order, all of them (the signature is the customer's, the desk's and legal's
 * proof, and the holder collected it).
 */
export function mayDownload(principal: Principal, use: FileUse, holder: InvolvedWorker | null): boolean {
  switch (principal.role) {
    case 'finance':
      return false;
    case 'qa_inspector':
      return use !== 'signature';
    case 'worker':
      return use === 'attachment' || holder?.workerId === principal.sub;
    case 'station_leader':
      return use === 'attachment' || (!!holder?.stationId && holder.stationId === principal.station);
    default:
      return true;
  }
}

/** The file kinds (files/file-policy.ts) each role may upload: what it then attaches to orders. */
export const uploadKinds: Partial<Record<Role, readonly string[]>> = {
  customer: ['photo', 'fault_picture', 'document'],
  admin: ['photo', 'fault_picture', 'document'],
  dispatcher: ['photo', 'fault_picture', 'document'],
  cs_agent: ['photo', 'fault_picture', 'document'],
  // Job photos, and the customer's signature taken on the worker's device.
  worker: ['photo', 'fault_picture', 'signature'],
};

/**
 * The channels each role may place an order through by GraphQL: customers their own apps, the
 * order desk what it takes by phone or at the counter (admins also an app order entered by hand).
 * Partner channels (douyin_live, tmall, …) come only through their signed webhook and `package`
 * only from a yearly package, so none is listed: attribution and callbacks rely on it.
 */
export const placeOrderChannels: Partial<Record<Role, readonly string[]>> = {
  customer: ['app', 'mini_program'],
  dispatcher: ['phone', 'walk_in'],
  cs_agent: ['phone', 'walk_in'],
  admin: ['phone', 'walk_in', 'app', 'mini_program'],
};
