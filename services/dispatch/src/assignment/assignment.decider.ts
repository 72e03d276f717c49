import type {
  DispatchDecided,
  DispatchFailed,
  EventData,
  OfferAccepted,
  OfferDeclined,
  OfferExpired,
  OfferMade,
  OfferWithdrawn,
  TechnicianAssigned,
  TechnicianUnassigned,
} from '@platform/contracts';
import { DomainError, type Decider } from '@platform/eventing/decider';

export type AssignmentEvent =
  | { type: 'DispatchDecided'; data: EventData<typeof DispatchDecided> }
  | { type: 'OfferMade'; data: EventData<typeof OfferMade> }
  | { type: 'OfferAccepted'; data: EventData<typeof OfferAccepted> }
  | { type: 'OfferDeclined'; data: EventData<typeof OfferDeclined> }
  | { type: 'OfferExpired'; data: EventData<typeof OfferExpired> }
  | { type: 'OfferWithdrawn'; data: EventData<typeof OfferWithdrawn> }
  | { type: 'DispatchFailed'; data: EventData<typeof DispatchFailed> }
  | { type: 'TechnicianAssigned'; data: EventData<typeof TechnicianAssigned> }
  | { type: 'TechnicianUnassigned'; data: EventData<typeof TechnicianUnassigned> };

/** A ranked candidate of a decision, with the offer id the handler derived for it. */
export type RankedCandidate = { workerId: string; offerId: string; score: number };
export type PassedOver = { workerId: string; rules: string[] };
type OpenOffer = { offerId: string; workerId: string; rank: number; expiresAt: string };

/**
 * One order's dispatch: idle (needs a worker) → offering (one open offer at a time, down the ranked
 * list) → assigned; or failed (nobody left: the dispatcher's queue). A cancelled order lets go of
 * its worker (CloseDispatch); that it needs none any more is the order view's to know.
 */
export type AssignmentState =
  | { status: 'idle' }
  | {
      status: 'offering';
      decisionId: string;
      offer: OpenOffer;
      remaining: RankedCandidate[];
      passedOver: PassedOver[];
      moreRuledOut: number;
    }
  | { status: 'assigned'; assignmentId: string; workerId: string; offerId: string | null }
  | { status: 'failed' };

type Timed = { at: Date; offerTimeoutMs: number };
export type AssignmentCommand =
  | ({
      type: 'Dispatch';
      orderId: string;
      decisionId: string;
      policy: string;
      ranked: RankedCandidate[];
      /** Workers the hard rules ruled out, with the rules each failed (for DispatchFailed). */
      ruledOut: PassedOver[];
      moreRuledOut: number;
    } & Timed)
  | {
      type: 'AcceptOffer';
      orderId: string;
      offerId: string;
      workerId: string;
      assignmentId: string;
      at: Date;
    }
  | ({ type: 'DeclineOffer'; orderId: string; offerId: string; workerId: string; reason: string } & Timed)
  /** Sent by the offer's durable timer. */
  | ({ type: 'ExpireOffer'; orderId: string; offerId: string } & Timed)
  | {
      type: 'AssignManually';
      orderId: string;
      workerId: string;
      assignmentId: string;
      reason: string;
    }
  /** The worker can no longer do the job (ineligible, on leave): they are taken off it. */
  | { type: 'ReleaseWorker'; orderId: string; workerId: string; reason: string }
  | { type: 'CloseDispatch'; orderId: string; reason: string };

type Command<T extends AssignmentCommand['type']> = Extract<AssignmentCommand, { type: T }>;
const MAX_REASONS = 200;

function offerNext(
  orderId: string,
  decisionId: string,
  queue: RankedCandidate[],
  rankOffset: number,
  passedOver: PassedOver[],
  moreRuledOut: number,
  { at, offerTimeoutMs }: Timed,
): AssignmentEvent[] {
  const next = queue[0];
  if (!next) {
    return [
      {
        type: 'DispatchFailed',
        data: {
          orderId,
          decisionId,
          reasons: passedOver.slice(0, MAX_REASONS),
          moreRuledOut: moreRuledOut + Math.max(0, passedOver.length - MAX_REASONS),
        },
      },
    ];
  }
  return [
    {
      type: 'OfferMade',
      data: {
        orderId,
        offerId: next.offerId,
        workerId: next.workerId,
        rank: rankOffset + 1,
        decisionId,
        expiresAt: new Date(at.getTime() + offerTimeoutMs).toISOString(),
      },
    },
  ];
}

function dispatch(command: Command<'Dispatch'>, state: AssignmentState): AssignmentEvent[] {
  if (state.status !== 'idle' && state.status !== 'failed') {
    if (state.status === 'offering' && state.decisionId === command.decisionId) return [];
    throw new DomainError(
      'ALREADY_DISPATCHING',
      `the order is ${state.status}; a new decision is not taken now`,
      {
        currentStatus: state.status,
      },
    );
  }
  const { orderId, decisionId, policy, moreRuledOut } = command;
  const ranked = command.ranked.slice(0, 50);
  const ruledOut = command.ruledOut.slice(0, MAX_REASONS);
  const more = moreRuledOut + (command.ruledOut.length - ruledOut.length);
  return [
    { type: 'DispatchDecided', data: { orderId, decisionId, policy, ranked, ruledOut, moreRuledOut: more } },
    ...offerNext(orderId, decisionId, ranked, 0, ruledOut, more, command),
  ];
}

function openOffer(state: AssignmentState, offerId: string, action: string) {
  if (state.status !== 'offering' || state.offer.offerId !== offerId) {
    throw new DomainError('OFFER_NOT_OPEN', `cannot ${action}: offer ${offerId} is no longer open`, {
      field: 'offerId',
      currentStatus: state.status,
    });
  }
  return state;
}

function accept(command: Command<'AcceptOffer'>, state: AssignmentState): AssignmentEvent[] {
  // The same acceptance again (a double tap, a retry) is done; another worker's is refused.
  if (state.status === 'assigned' && state.offerId === command.offerId && state.workerId === command.workerId)
    return [];
  const offering = openOffer(state, command.offerId, 'accept');
  if (offering.offer.workerId !== command.workerId)
    throw new DomainError('NOT_YOUR_OFFER', 'this offer was made to another worker', { field: 'offerId' });
  if (command.at.getTime() >= Date.parse(offering.offer.expiresAt))
    throw new DomainError('OFFER_EXPIRED', `the offer lapsed at ${offering.offer.expiresAt}`, {
      field: 'offerId',
    });
  const { orderId, offerId, workerId, assignmentId } = command;
  return [
    { type: 'OfferAccepted', data: { orderId, offerId, workerId } },
    {
      type: 'TechnicianAssigned',
      data: { orderId, assignmentId, workerId, how: 'auto' },
    },
  ];
}

function passOn(
  state: Extract<AssignmentState, { status: 'offering' }>,
  orderId: string,
  ended: AssignmentEvent,
  rule: string,
  timed: Timed,
): AssignmentEvent[] {
  const passedOver = [{ workerId: state.offer.workerId, rules: [rule] }, ...state.passedOver];
  return [
    ended,
    ...offerNext(
      orderId,
      state.decisionId,
      state.remaining,
      state.offer.rank,
      passedOver,
      state.moreRuledOut,
      timed,
    ),
  ];
}

function decline(command: Command<'DeclineOffer'>, state: AssignmentState): AssignmentEvent[] {
  const offering = openOffer(state, command.offerId, 'decline');
  if (offering.offer.workerId !== command.workerId)
    throw new DomainError('NOT_YOUR_OFFER', 'this offer was made to another worker', { field: 'offerId' });
  const { orderId, offerId, workerId, reason } = command;
  return passOn(
    offering,
    orderId,
    { type: 'OfferDeclined', data: { orderId, offerId, workerId, reason } },
    'declined',
    command,
  );
}

function expire(command: Command<'ExpireOffer'>, state: AssignmentState): AssignmentEvent[] {
  // A timer for an offer that was answered meanwhile has nothing to do.
  if (state.status !== 'offering' || state.offer.offerId !== command.offerId) return [];
  if (command.at.getTime() < Date.parse(state.offer.expiresAt)) return [];
  const { orderId, offerId } = command;
  return passOn(
    state,
    orderId,
    { type: 'OfferExpired', data: { orderId, offerId, workerId: state.offer.workerId } },
    'no_answer',
    command,
  );
}

function withdrawOrUnassign(state: AssignmentState, orderId: string, reason: string): AssignmentEvent[] {
  if (state.status === 'offering') {
    const { offerId, workerId } = state.offer;
    return [{ type: 'OfferWithdrawn', data: { orderId, offerId, workerId, reason } }];
  }
  if (state.status === 'assigned') {
    const { assignmentId, workerId } = state;
    return [{ type: 'TechnicianUnassigned', data: { orderId, assignmentId, workerId, reason } }];
  }
  return [];
}

function assignManually(command: Command<'AssignManually'>, state: AssignmentState): AssignmentEvent[] {
  if (state.status === 'assigned' && state.workerId === command.workerId) return [];
  const { orderId, workerId, assignmentId, reason } = command;
  return [
    ...withdrawOrUnassign(state, orderId, `reassigned by a dispatcher: ${reason}`),
    {
      type: 'TechnicianAssigned',
      data: { orderId, assignmentId, workerId, how: 'manual', reason },
    },
  ];
}

function release(command: Command<'ReleaseWorker'>, state: AssignmentState): AssignmentEvent[] {
  const involved =
    (state.status === 'assigned' && state.workerId === command.workerId) ||
    (state.status === 'offering' && state.offer.workerId === command.workerId);
  return involved ? withdrawOrUnassign(state, command.orderId, command.reason) : [];
}

function close(command: Command<'CloseDispatch'>, state: AssignmentState): AssignmentEvent[] {
  // The order's own cancellation records the closing; dispatch only lets go of the worker.
  return withdrawOrUnassign(state, command.orderId, command.reason);
}

function decide(command: AssignmentCommand, state: AssignmentState): AssignmentEvent[] {
  switch (command.type) {
    case 'Dispatch':
      return dispatch(command, state);
    case 'AcceptOffer':
      return accept(command, state);
    case 'DeclineOffer':
      return decline(command, state);
    case 'ExpireOffer':
      return expire(command, state);
    case 'AssignManually':
      return assignManually(command, state);
    case 'ReleaseWorker':
      return release(command, state);
    case 'CloseDispatch':
      return close(command, state);
  }
}

function evolve(state: AssignmentState, event: AssignmentEvent): AssignmentState {
  switch (event.type) {
    case 'DispatchDecided': {
      const { decisionId, ranked, ruledOut, moreRuledOut } = event.data;
      // Offering starts with the OfferMade that follows in the same append.
      return {
        status: 'offering',
        decisionId,
        offer: { offerId: '', workerId: '', rank: 0, expiresAt: '' },
        remaining: ranked,
        passedOver: ruledOut,
        moreRuledOut,
      };
    }
    case 'OfferMade': {
      if (state.status !== 'offering') return state;
      const { offerId, workerId, rank, expiresAt } = event.data;
      return {
        ...state,
        offer: { offerId, workerId, rank, expiresAt },
        remaining: state.remaining.filter((c) => c.offerId !== offerId),
      };
    }
    case 'OfferDeclined':
    case 'OfferExpired':
      if (state.status !== 'offering') return state;
      return {
        ...state,
        passedOver: [
          {
            workerId: state.offer.workerId,
            rules: [event.type === 'OfferDeclined' ? 'declined' : 'no_answer'],
          },
          ...state.passedOver,
        ],
      };
    case 'OfferAccepted':
      return state;
    case 'TechnicianAssigned':
      return {
        status: 'assigned',
        assignmentId: event.data.assignmentId,
        workerId: event.data.workerId,
        offerId: state.status === 'offering' && event.data.how === 'auto' ? state.offer.offerId : null,
      };
    case 'OfferWithdrawn':
    case 'TechnicianUnassigned':
      return { status: 'idle' };
    case 'DispatchFailed':
      return { status: 'failed' };
  }
}

export const assignmentDecider: Decider<AssignmentCommand, AssignmentState, AssignmentEvent> = {
  initialState: { status: 'idle' },
  decide,
  evolve,
};
export const assignmentStream = (orderId: string) => `assignment-${orderId}`;
