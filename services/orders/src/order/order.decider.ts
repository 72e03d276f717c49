import type { EventData, GeoPoint, TimeWindow } from '@platform/contracts';
import type {
  ChecklistItemRecorded,
  CustomerSigned,
  JobCheckedIn,
  JobCompleted,
  JobPhotoAdded,
  OrderAssigned,
  OrderAssignmentWithdrawn,
  OrderCancelled,
  OrderClosed,
  OrderPlaced,
  OrderRescheduled,
  SparePartRequested,
} from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';
import type { CatalogueItemState } from '../catalogue/catalogue-item.decider';
import { distanceMeters } from '@platform/domain-kit';

export type OrderEvent =
  | { type: 'OrderPlaced'; data: EventData<typeof OrderPlaced> }
  | { type: 'OrderRescheduled'; data: EventData<typeof OrderRescheduled> }
  | { type: 'OrderCancelled'; data: EventData<typeof OrderCancelled> }
  | { type: 'OrderAssigned'; data: EventData<typeof OrderAssigned> }
  | { type: 'OrderAssignmentWithdrawn'; data: EventData<typeof OrderAssignmentWithdrawn> }
  | { type: 'JobCheckedIn'; data: EventData<typeof JobCheckedIn> }
  | { type: 'ChecklistItemRecorded'; data: EventData<typeof ChecklistItemRecorded> }
  | { type: 'JobPhotoAdded'; data: EventData<typeof JobPhotoAdded> }
  | { type: 'SparePartRequested'; data: EventData<typeof SparePartRequested> }
  | { type: 'CustomerSigned'; data: EventData<typeof CustomerSigned> }
  | { type: 'JobCompleted'; data: EventData<typeof JobCompleted> }
  | { type: 'OrderClosed'; data: EventData<typeof OrderClosed> };

type Placed = EventData<typeof OrderPlaced>;
type Assignment = { assignmentId: string; workerId: string };
type Job = {
  checklist: Record<string, boolean>;
  photos: number;
  afterPhotos: number;
  signed: boolean;
  partRequests: string[];
};

export type OrderState =
  | { status: 'none' }
  | { status: 'placed'; order: Placed }
  | { status: 'assigned'; order: Placed; assignment: Assignment }
  | { status: 'in_progress'; order: Placed; assignment: Assignment; job: Job }
  | { status: 'completed'; order: Placed; assignment: Assignment }
  | { status: 'closed'; order: Placed }
  | { status: 'cancelled'; order: Placed };
export type OrderStatus = OrderState['status'];

/** Rules the company sets; the defaults are the home-cleaning operator's. */
export const orderRules = {
  /** The earliest an appointment may start after the order is placed or moved. */
  minLeadMinutes: 60,
  /** Inside this many minutes before the start, a customer can no longer cancel or move it themselves. */
  customerNoticeMinutes: 120,
  /** How early before the window a worker may check in. */
  checkInEarlyMinutes: 60,
  /** How far from the address a check-in may be. */
  checkInRadiusMeters: 500,
  maxPhotos: 60,
};

export type Requester = 'customer' | 'company' | 'channel';

export type OrderCommand =
  | {
      type: 'PlaceOrder';
      at: Date;
      /** The catalogue item as it is now, looked up by the handler. */
      catalogueItem: CatalogueItemState;
      order: Omit<Placed, 'item'> & { itemCode: string };
    }
  | { type: 'RescheduleOrder'; at: Date; to: TimeWindow; reason: string; by: Requester }
  | { type: 'CancelOrder'; at: Date; reason: string; by: Requester }
  | { type: 'RecordAssignment'; assignment: Assignment }
  | { type: 'WithdrawAssignment'; assignmentId: string; reason: string }
  | { type: 'CheckIn'; at: Date; workerId: string; position: GeoPoint }
  | { type: 'RecordChecklistItem'; workerId: string; key: string; done: boolean; note: string | null }
  | {
      type: 'AddJobPhoto';
      workerId: string;
      fileId: string;
      kind: 'before' | 'after' | 'fault' | 'evidence';
      checklistKey: string | null;
    }
  | {
      type: 'RequestSparePart';
      workerId: string;
      requestId: string;
      partCode: string;
      quantity: number;
      reason: string;
    }
  | { type: 'CollectSignature'; workerId: string; signatureFileId: string; signerName: string }
  | { type: 'CompleteJob'; workerId: string }
  | { type: 'CloseOrder'; note: string };

const minutes = (n: number) => n * 60_000;

const wrongState = (state: OrderState, action: string, allowed: OrderStatus[]) =>
  new DomainError(
    state.status === 'none' ? 'ORDER_NOT_FOUND' : 'ILLEGAL_TRANSITION',
    state.status === 'none'
      ? 'order not found'
      : `cannot ${action}: the order is ${state.status.replace('_', ' ')} (allowed when ${allowed.join(' or ').replace(/_/g, ' ')})`,
    { currentStatus: state.status },
  );

function place(command: Extract<OrderCommand, { type: 'PlaceOrder' }>, state: OrderState): OrderEvent[] {
  if (state.status !== 'none')
    throw new DomainError('ORDER_EXISTS', `order ${command.order.orderId} already exists`);
  const item = command.catalogueItem;
  const { order } = command;
  if (item.status !== 'published') {
    throw new DomainError(
      'ITEM_NOT_ORDERABLE',
      `service item ${order.itemCode} is ${item.status === 'none' ? 'not in the catalogue' : item.status}`,
      {
        field: 'itemCode',
      },
    );
  }
  if (!item.details.cities.includes(order.address.city)) {
    throw new DomainError(
      'ITEM_NOT_OFFERED_IN_CITY',
      `service item ${order.itemCode} is not offered in ${order.address.city}`,
      {
        field: 'address.city',
      },
    );
  }
  if (Date.parse(order.appointment.start) < command.at.getTime() + minutes(orderRules.minLeadMinutes)) {
    throw new DomainError(
      'APPOINTMENT_TOO_SOON',
      `the appointment must start at least ${orderRules.minLeadMinutes} minutes from now`,
      { field: 'appointment.start', minLeadMinutes: orderRules.minLeadMinutes },
    );
  }
  if (item.details.line === 'after_sales' && !order.product) {
    throw new DomainError(
      'PRODUCT_REQUIRED',
      'an after-sales order needs the product (category, model, purchase date, fault)',
      {
        field: 'product',
      },
    );
  }
  const { itemCode, ...facts } = order;
  const checklist = item.details.standard.flatMap((area, a) =>
    area.criteria.map((criterion, c) => ({ key: `${a + 1}.${c + 1}`, area: area.area, criterion })),
  );
  return [
    {
      type: 'OrderPlaced',
      data: {
        ...facts,
        item: {
          code: itemCode,
          name: item.details.name,
          line: item.details.line,
          category: item.details.category,
          qualification: item.details.qualification,
          expectedMinutes: item.details.expectedMinutes,
          basePrice: item.details.basePrice,
          checklist,
        },
      },
    },
  ];
}

function checkCustomerNotice(order: Placed, at: Date, by: Requester, action: string) {
  const start = Date.parse(order.appointment.start);
  if (by === 'customer' && start - at.getTime() < minutes(orderRules.customerNoticeMinutes)) {
    throw new DomainError(
      'NOTICE_PERIOD_PASSED',
      `a customer can ${action} only up to ${orderRules.customerNoticeMinutes / 60} hours before the appointment; contact customer service`,
      { noticeHours: orderRules.customerNoticeMinutes / 60 },
    );
  }
}

function reschedule(
  command: Extract<OrderCommand, { type: 'RescheduleOrder' }>,
  state: OrderState,
): OrderEvent[] {
  if (state.status !== 'placed' && state.status !== 'assigned')
    throw wrongState(state, 'reschedule', ['placed', 'assigned']);
  const from = state.order.appointment;
  // Checked first, so a retried request that already took effect is a no-op and not a rejection.
  if (from.start === command.to.start && from.end === command.to.end) return [];
  checkCustomerNotice(state.order, command.at, command.by, 'reschedule');
  if (Date.parse(command.to.start) < command.at.getTime() + minutes(orderRules.minLeadMinutes)) {
    throw new DomainError(
      'APPOINTMENT_TOO_SOON',
      `the new appointment must start at least ${orderRules.minLeadMinutes} minutes from now`,
      { field: 'to.start', minLeadMinutes: orderRules.minLeadMinutes },
    );
  }
  return [
    {
      type: 'OrderRescheduled',
      data: { orderId: state.order.orderId, from, to: command.to, reason: command.reason },
    },
  ];
}

function cancel(command: Extract<OrderCommand, { type: 'CancelOrder' }>, state: OrderState): OrderEvent[] {
  if (state.status === 'cancelled') return [];
  if (state.status !== 'placed' && state.status !== 'assigned')
    throw wrongState(state, 'cancel', ['placed', 'assigned']);
  checkCustomerNotice(state.order, command.at, command.by, 'cancel');
  const late =
    Date.parse(state.order.appointment.start) - command.at.getTime() <
    minutes(orderRules.customerNoticeMinutes);
  return [
    {
      type: 'OrderCancelled',
      data: { orderId: state.order.orderId, reason: command.reason, by: command.by, late },
    },
  ];
}

function recordAssignment(
  command: Extract<OrderCommand, { type: 'RecordAssignment' }>,
  state: OrderState,
): OrderEvent[] {
  const { assignment } = command;
  // A redelivered assignment is a no-op whatever happened since (check-in, completion).
  if ('assignment' in state && state.assignment.assignmentId === assignment.assignmentId) return [];
  if (state.status === 'assigned') {
    const { assignmentId, workerId } = state.assignment;
    return [
      {
        type: 'OrderAssignmentWithdrawn',
        data: { orderId: state.order.orderId, assignmentId, workerId, reason: 'reassigned by dispatch' },
      },
      { type: 'OrderAssigned', data: { orderId: state.order.orderId, ...assignment } },
    ];
  }
  if (state.status !== 'placed') throw wrongState(state, 'assign a worker', ['placed', 'assigned']);
  return [{ type: 'OrderAssigned', data: { orderId: state.order.orderId, ...assignment } }];
}

function withdrawAssignment(
  command: Extract<OrderCommand, { type: 'WithdrawAssignment' }>,
  state: OrderState,
): OrderEvent[] {
  if (state.status === 'placed' || state.status === 'cancelled') return [];
  if (state.status !== 'assigned') throw wrongState(state, 'withdraw the assignment', ['assigned']);
  // A withdrawal of an older assignment arriving after a newer one changes nothing.
  if (state.assignment.assignmentId !== command.assignmentId) return [];
  const { assignmentId, workerId } = state.assignment;
  return [
    {
      type: 'OrderAssignmentWithdrawn',
      data: { orderId: state.order.orderId, assignmentId, workerId, reason: command.reason },
    },
  ];
}

function ownJob(
  state: OrderState,
  workerId: string,
  action: string,
): asserts state is Extract<OrderState, { status: 'in_progress' }> {
  if (state.status !== 'in_progress') throw wrongState(state, action, ['in_progress']);
  if (state.assignment.workerId !== workerId)
    throw new DomainError('NOT_YOUR_JOB', 'this job is assigned to another worker');
}

function checkIn(command: Extract<OrderCommand, { type: 'CheckIn' }>, state: OrderState): OrderEvent[] {
  if (state.status === 'in_progress') {
    if (state.assignment.workerId === command.workerId) return [];
    throw new DomainError('NOT_YOUR_JOB', 'this job is assigned to another worker');
  }
  if (state.status !== 'assigned') throw wrongState(state, 'check in', ['assigned']);
  if (state.assignment.workerId !== command.workerId)
    throw new DomainError('NOT_YOUR_JOB', 'this job is assigned to another worker');
  const { start, end } = state.order.appointment;
  const opens = Date.parse(start) - minutes(orderRules.checkInEarlyMinutes);
  if (command.at.getTime() < opens || command.at.getTime() > Date.parse(end)) {
    throw new DomainError(
      'OUTSIDE_SERVICE_WINDOW',
      `check-in opens ${orderRules.checkInEarlyMinutes} minutes before the appointment (${start}) and closes at its end (${end})`,
      { earlyMinutes: orderRules.checkInEarlyMinutes, start, end },
    );
  }
  const distance = Math.round(distanceMeters(command.position, state.order.address.location));
  if (distance > orderRules.checkInRadiusMeters) {
    throw new DomainError(
      'TOO_FAR_FROM_ADDRESS',
      `check-in position is ${distance} m from the address; it must be within ${orderRules.checkInRadiusMeters} m`,
      { field: 'position', distanceMeters: distance, radiusMeters: orderRules.checkInRadiusMeters },
    );
  }
  return [
    {
      type: 'JobCheckedIn',
      data: {
        orderId: state.order.orderId,
        workerId: command.workerId,
        position: command.position,
        distanceMeters: distance,
      },
    },
  ];
}

function recordChecklistItem(
  command: Extract<OrderCommand, { type: 'RecordChecklistItem' }>,
  state: OrderState,
): OrderEvent[] {
  ownJob(state, command.workerId, 'record the checklist');
  if (!(command.key in state.job.checklist)) {
    throw new DomainError(
      'UNKNOWN_CHECKLIST_ITEM',
      `checklist item ${command.key} is not part of this service's standard`,
      { field: 'key' },
    );
  }
  const { key, done, note } = command;
  return [{ type: 'ChecklistItemRecorded', data: { orderId: state.order.orderId, key, done, note } }];
}

function addPhoto(command: Extract<OrderCommand, { type: 'AddJobPhoto' }>, state: OrderState): OrderEvent[] {
  ownJob(state, command.workerId, 'add a photo');
  if (state.job.photos >= orderRules.maxPhotos)
    throw new DomainError('TOO_MANY_PHOTOS', `a job holds at most ${orderRules.maxPhotos} photos`, {
      maxPhotos: orderRules.maxPhotos,
    });
  if (command.checklistKey !== null && !(command.checklistKey in state.job.checklist)) {
    throw new DomainError(
      'UNKNOWN_CHECKLIST_ITEM',
      `checklist item ${command.checklistKey} is not part of this service's standard`,
      {
        field: 'checklistKey',
      },
    );
  }
  const { fileId, kind, checklistKey } = command;
  return [{ type: 'JobPhotoAdded', data: { orderId: state.order.orderId, fileId, kind, checklistKey } }];
}

function requestSparePart(
  command: Extract<OrderCommand, { type: 'RequestSparePart' }>,
  state: OrderState,
): OrderEvent[] {
  ownJob(state, command.workerId, 'request a spare part');
  if (state.job.partRequests.includes(command.requestId)) return [];
  const { requestId, partCode, quantity, reason } = command;
  return [
    {
      type: 'SparePartRequested',
      data: { orderId: state.order.orderId, requestId, partCode, quantity, reason },
    },
  ];
}

const openChecklist = (job: Job) => Object.keys(job.checklist).filter((key) => !job.checklist[key]);

function collectSignature(
  command: Extract<OrderCommand, { type: 'CollectSignature' }>,
  state: OrderState,
): OrderEvent[] {
  ownJob(state, command.workerId, 'collect the signature');
  if (state.job.signed) return [];
  const open = openChecklist(state.job);
  if (open.length > 0) {
    throw new DomainError(
      'CHECKLIST_INCOMPLETE',
      `the customer signs off a finished job; checklist items still open: ${open.join(', ')}`,
      { open },
    );
  }
  const { signatureFileId, signerName } = command;
  return [{ type: 'CustomerSigned', data: { orderId: state.order.orderId, signatureFileId, signerName } }];
}

function completeJob(
  command: Extract<OrderCommand, { type: 'CompleteJob' }>,
  state: OrderState,
): OrderEvent[] {
  if (state.status === 'completed' && state.assignment.workerId === command.workerId) return [];
  ownJob(state, command.workerId, 'complete the job');
  const missing = [
    ...openChecklist(state.job).map((key) => `checklist item ${key}`),
    ...(state.job.afterPhotos === 0 ? ['a photo of the finished work (kind after)'] : []),
    ...(state.job.signed ? [] : ["the customer's signature"]),
  ];
  if (missing.length > 0)
    throw new DomainError('JOB_NOT_FINISHED', `cannot complete the job yet; missing: ${missing.join('; ')}`, {
      missing,
    });
  // Counted, not assumed: the event reports the checklist as recorded, whatever the guard above allows.
  const items = Object.values(state.job.checklist);
  return [
    {
      type: 'JobCompleted',
      data: {
        orderId: state.order.orderId,
        workerId: command.workerId,
        checklistDone: items.filter((done) => done).length,
        checklistTotal: items.length,
        photos: state.job.photos,
        sparePartRequests: state.job.partRequests.length,
      },
    },
  ];
}

function close(command: Extract<OrderCommand, { type: 'CloseOrder' }>, state: OrderState): OrderEvent[] {
  if (state.status === 'closed') return [];
  if (state.status !== 'completed') throw wrongState(state, 'close', ['completed']);
  return [{ type: 'OrderClosed', data: { orderId: state.order.orderId, note: command.note } }];
}

function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return place(command, state);
    case 'RescheduleOrder':
      return reschedule(command, state);
    case 'CancelOrder':
      return cancel(command, state);
    case 'RecordAssignment':
      return recordAssignment(command, state);
    case 'WithdrawAssignment':
      return withdrawAssignment(command, state);
    case 'CheckIn':
      return checkIn(command, state);
    case 'RecordChecklistItem':
      return recordChecklistItem(command, state);
    case 'AddJobPhoto':
      return addPhoto(command, state);
    case 'RequestSparePart':
      return requestSparePart(command, state);
    case 'CollectSignature':
      return collectSignature(command, state);
    case 'CompleteJob':
      return completeJob(command, state);
    case 'CloseOrder':
      return close(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced':
      return { status: 'placed', order: event.data };
    case 'OrderRescheduled':
      return 'order' in state
        ? ({ ...state, order: { ...state.order, appointment: event.data.to } } as OrderState)
        : state;
    case 'OrderCancelled':
      return 'order' in state ? { status: 'cancelled', order: state.order } : state;
    case 'OrderAssigned': {
      if (!('order' in state)) return state;
      const { assignmentId, workerId } = event.data;
      return { status: 'assigned', order: state.order, assignment: { assignmentId, workerId } };
    }
    case 'OrderAssignmentWithdrawn':
      return 'order' in state ? { status: 'placed', order: state.order } : state;
    case 'JobCheckedIn': {
      if (state.status !== 'assigned') return state;
      const checklist = Object.fromEntries(state.order.item.checklist.map((entry) => [entry.key, false]));
      return {
        ...state,
        status: 'in_progress',
        job: { checklist, photos: 0, afterPhotos: 0, signed: false, partRequests: [] },
      };
    }
    case 'ChecklistItemRecorded':
      if (state.status !== 'in_progress') return state;
      return {
        ...state,
        job: { ...state.job, checklist: { ...state.job.checklist, [event.data.key]: event.data.done } },
      };
    case 'JobPhotoAdded':
      if (state.status !== 'in_progress') return state;
      return {
        ...state,
        job: {
          ...state.job,
          photos: state.job.photos + 1,
          afterPhotos: state.job.afterPhotos + (event.data.kind === 'after' ? 1 : 0),
        },
      };
    case 'SparePartRequested':
      if (state.status !== 'in_progress') return state;
      return {
        ...state,
        job: { ...state.job, partRequests: [...state.job.partRequests, event.data.requestId] },
      };
    case 'CustomerSigned':
      return state.status === 'in_progress' ? { ...state, job: { ...state.job, signed: true } } : state;
    case 'JobCompleted':
      return state.status === 'in_progress'
        ? { status: 'completed', order: state.order, assignment: state.assignment }
        : state;
    case 'OrderClosed':
      return 'order' in state ? { status: 'closed', order: state.order } : state;
  }
}

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent> = {
  initialState: { status: 'none' },
  decide,
  evolve,
};

export const orderStream = (orderId: string) => `order-${orderId}`;
