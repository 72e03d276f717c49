import type {
  AssignmentMoved,
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
  | { type: 'TechnicianUnassigned'; data: EventData<typeof TechnicianUnassigned> }
  | { type: 'AssignmentMoved'; data: EventData<typeof AssignmentMoved> };

/** A ranked candidate of a decision, with the offer id the handler derived for it. */
export type RankedCandidate = { workerId: string; offerId: string; score: number };
export type PassedOver = { workerId: string; rules: string[] };
/** A candidate not offered the job yet, with their place in the decision's ranking (1 = best). */
export type Candidate = { workerId: string; offerId: string; rank: number };
type OpenOffer = { offerId: string; workerId: string; rank: number; expiresAt: string };
/** The decision's list as it is walked down: who may still be offered the job, and who was passed over. */
type Walk = { decisionId: string; remaining: Candidate[]; passedOver: PassedOver[]; moreRuledOut: number };

/**
 * One order's dispatch: idle (needs a worker) → offering (one open offer at a time, down the ranked
 * list) → assigned; or failed (nobody left: the dispatcher's queue). Between offers (decided, or an
 * offer just declined or lapsed) the next offer or the failure always follows in the same append.
 * A cancelled order lets go of its worker (CloseDispatch); that it needs none any more is the order
 * view's to know.
 */
export type AssignmentState =
  | { status: 'idle' }
  | ({ status: 'between_offers' } & Walk)
  | ({ status: 'offering'; offer: OpenOffer } & Walk)
  | {
      status: 'assigned';
      assignmentId: string;
      workerId: string;
      offerId: string | null;
      /** Where the assignment's hold was moved to by a reschedule the worker kept (none before one). */
      held?: { start: string; end: string };
    }
  | { status: 'failed' };

/**
 * Who the next offer may go to, checked against the present by the handler (not as at the
 * decision: by now a candidate may hold other jobs).
 */
export type NextOffer = {
  /**
   * The candidates checked, in rank order up to the first who fits: the hard rules each fails now,
   * none for the one whose time is held for the offer.
   */
  checked: PassedOver[];
  /** When the next offer lapses. */
  expiresAt: string;
};

export type AssignmentCommand =
  | {
      type: 'Dispatch';
      orderId: string;
      decisionId: string;
      policy: string;
      ranked: RankedCandidate[];
      /** Workers the hard rules ruled out, with the rules each failed (for DispatchFailed). */
      ruledOut: PassedOver[];
      moreRuledOut: number;
      next: NextOffer;
    }
  | {
      type: 'AcceptOffer';
      orderId: string;
      offerId: string;
      workerId: string;
      assignmentId: string;
      at: Date;
    }
  | {
      type: 'DeclineOffer';
      orderId: string;
      offerId: string;
      workerId: string;
      reason: string;
      next: NextOffer;
    }
  /** Sent by the offer's durable timer. */
  | { type: 'ExpireOffer'; orderId: string; offerId: string; at: Date; next: NextOffer }
  | {
      type: 'AssignManually';
      orderId: string;
      workerId: string;
      assignmentId: string;
      reason: string;
    }
  /** The worker can no longer do the job (ineligible, on leave): they are taken off it. */
  | { type: 'ReleaseWorker'; orderId: string; workerId: string; reason: string }
  | { type: 'CloseDispatch'; orderId: string; reason: string }
  /** The order was rescheduled and its worker keeps it: their hold (already moved) is recorded. */
  | {
      type: 'MoveAssignment';
      orderId: string;
      workerId: string;
      assignmentId: string;
      start: string;
      end: string;
      day: string;
      reason: string;
    };

type Command<T extends AssignmentCommand['type']> = Extract<AssignmentCommand, { type: T }>;
/** The commands that pass the order on to its next candidate. */
export type PassingCommand = Command<'Dispatch' | 'DeclineOffer' | 'ExpireOffer'>;
type Unchecked<C> = C extends unknown ? Omit<C, 'next'> : never;
/** A passing command before the handler has checked its candidates. */
export type UncheckedPassing = Unchecked<PassingCommand>;
const MAX_REASONS = 200;

/** The first candidate who fits now is offered the job; nobody left, the order fails with every reason. */
function offerNext(orderId: string, walk: Walk, { checked, expiresAt }: NextOffer): AssignmentEvent[] {
  const refused: PassedOver[] = [];
  for (const candidate of walk.remaining) {
    const rules = checked.find((c) => c.workerId === candidate.workerId)?.rules;
    if (rules === undefined)
      throw new DomainError(
        'CANDIDATE_NOT_CHECKED',
        `candidate ${candidate.workerId} was not checked against the present before the offer`,
        { workerId: candidate.workerId },
      );
    if (rules.length > 0) {
      refused.unshift({ workerId: candidate.workerId, rules });
      continue;
    }
    const { offerId, workerId, rank } = candidate;
    return [
      {
        type: 'OfferMade',
        data: { orderId, offerId, workerId, rank, decisionId: walk.decisionId, expiresAt },
      },
    ];
  }
  const reasons = [...refused, ...walk.passedOver];
  return [
    {
      type: 'DispatchFailed',
      data: {
        orderId,
        decisionId: walk.decisionId,
        reasons: reasons.slice(0, MAX_REASONS),
        moreRuledOut: walk.moreRuledOut + Math.max(0, reasons.length - MAX_REASONS),
      },
    },
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

/** What a decision, a decline or a lapse ends before the next offer; null when it passes nothing on. */
function ending(command: UncheckedPassing, state: AssignmentState): AssignmentEvent[] | null {
  const { orderId } = command;
  switch (command.type) {
    case 'Dispatch': {
      if (state.status !== 'idle' && state.status !== 'failed') {
        const walking = state.status === 'offering' || state.status === 'between_offers';
        if (walking && state.decisionId === command.decisionId) return null;
        throw new DomainError(
          'ALREADY_DISPATCHING',
          `the order is ${state.status}; a new decision is not taken now`,
          { currentStatus: state.status },
        );
      }
      const { decisionId, policy } = command;
      const ruledOut = command.ruledOut.slice(0, MAX_REASONS);
      const moreRuledOut = command.moreRuledOut + (command.ruledOut.length - ruledOut.length);
      const ranked = command.ranked.slice(0, 50);
      return [
        { type: 'DispatchDecided', data: { orderId, decisionId, policy, ranked, ruledOut, moreRuledOut } },
      ];
    }
    case 'DeclineOffer': {
      const offering = openOffer(state, command.offerId, 'decline');
      if (offering.offer.workerId !== command.workerId)
        throw new DomainError('NOT_YOUR_OFFER', 'this offer was made to another worker', {
          field: 'offerId',
        });
      const { offerId, workerId, reason } = command;
      return [{ type: 'OfferDeclined', data: { orderId, offerId, workerId, reason } }];
    }
    case 'ExpireOffer':
      // A timer for an offer that was answered meanwhile has nothing to do.
      if (state.status !== 'offering' || state.offer.offerId !== command.offerId) return null;
      if (command.at.getTime() < Date.parse(state.offer.expiresAt)) return null;
      return [
        { type: 'OfferExpired', data: { orderId, offerId: command.offerId, workerId: state.offer.workerId } },
      ];
  }
}

/**
 * When the open offer `offerId` lapses, if that is still ahead at `at`: its timer may have been set
 * by an earlier try of the offer, which would have lapsed sooner than the offer that landed.
 */
export function lapseStillAhead(state: AssignmentState, offerId: string, at: Date): string | null {
  if (state.status !== 'offering' || state.offer.offerId !== offerId) return null;
  return at.getTime() < Date.parse(state.offer.expiresAt) ? state.offer.expiresAt : null;
}

/** Whether an order's stream records the decision `decisionId` (only then may its provenance be shown). */
export const recordsDecision = (decisionId: string) => ({
  initialState: false,
  evolve: (recorded: boolean, event: AssignmentEvent) =>
    recorded || (event.type === 'DispatchDecided' && event.data.decisionId === decisionId),
});

/** What a passing command ends, and the walk the next offer is chosen from; null: nothing passes on. */
function passing(command: UncheckedPassing, state: AssignmentState) {
  const ended = ending(command, state);
  if (!ended) return null;
  const walk = ended.reduce(evolve, state);
  return walk.status === 'between_offers' ? { ended, walk } : null;
}

/**
 * The candidates a decision, a decline or a lapse passes the order down to, best first; null when
 * it passes nothing on (a repeat, a timer for an offer answered meanwhile). Throws when the command
 * is refused. The handler checks them against the present (`NextOffer`) before the command runs.
 */
export function candidatesAfter(command: UncheckedPassing, state: AssignmentState): Candidate[] | null {
  return passing(command, state)?.walk.remaining ?? null;
}

function passOn(command: PassingCommand, state: AssignmentState): AssignmentEvent[] {
  const passed = passing(command, state);
  return passed ? [...passed.ended, ...offerNext(command.orderId, passed.walk, command.next)] : [];
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

function move(command: Command<'MoveAssignment'>, state: AssignmentState): AssignmentEvent[] {
  const { orderId, workerId, assignmentId, start, end, day, reason } = command;
  if (state.status !== 'assigned' || state.assignmentId !== assignmentId || state.workerId !== workerId)
    throw new DomainError('NOT_ASSIGNED', `the order is not assigned to ${workerId} under ${assignmentId}`, {
      currentStatus: state.status,
    });
  // A repeat (a redelivered reschedule) moves nothing again.
  if (state.held?.start === start && state.held.end === end) return [];
  return [{ type: 'AssignmentMoved', data: { orderId, assignmentId, workerId, start, end, day, reason } }];
}

function decide(command: AssignmentCommand, state: AssignmentState): AssignmentEvent[] {
  switch (command.type) {
    case 'Dispatch':
    case 'DeclineOffer':
    case 'ExpireOffer':
      return passOn(command, state);
    case 'AcceptOffer':
      return accept(command, state);
    case 'AssignManually':
      return assignManually(command, state);
    case 'ReleaseWorker':
      return release(command, state);
    case 'CloseDispatch':
      return close(command, state);
    case 'MoveAssignment':
      return move(command, state);
  }
}

/** The walk once the open offer has ended with `rule` (declined, no_answer): the worker is passed over. */
const passedBy = (state: Extract<AssignmentState, { status: 'offering' }>, rule: string): AssignmentState => {
  const { decisionId, remaining, passedOver, moreRuledOut } = state;
  return {
    status: 'between_offers',
    decisionId,
    remaining,
    passedOver: [{ workerId: state.offer.workerId, rules: [rule] }, ...passedOver],
    moreRuledOut,
  };
};

function evolve(state: AssignmentState, event: AssignmentEvent): AssignmentState {
  switch (event.type) {
    case 'DispatchDecided': {
      const { decisionId, ranked, ruledOut, moreRuledOut } = event.data;
      return {
        status: 'between_offers',
        decisionId,
        remaining: ranked.map(({ workerId, offerId }, i) => ({ workerId, offerId, rank: i + 1 })),
        passedOver: ruledOut,
        moreRuledOut,
      };
    }
    case 'OfferMade': {
      if (state.status !== 'between_offers') return state;
      const { offerId, workerId, rank, expiresAt } = event.data;
      // Those passed by for this offer stay on the list: when it passes on, they may fit again.
      return {
        ...state,
        status: 'offering',
        offer: { offerId, workerId, rank, expiresAt },
        remaining: state.remaining.filter((c) => c.offerId !== offerId),
      };
    }
    case 'OfferDeclined':
      return state.status === 'offering' ? passedBy(state, 'declined') : state;
    case 'OfferExpired':
      return state.status === 'offering' ? passedBy(state, 'no_answer') : state;
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
    case 'AssignmentMoved':
      return state.status === 'assigned' && state.assignmentId === event.data.assignmentId
        ? { ...state, held: { start: event.data.start, end: event.data.end } }
        : state;
  }
}

export const assignmentDecider: Decider<AssignmentCommand, AssignmentState, AssignmentEvent> = {
  initialState: { status: 'idle' },
  decide,
  evolve,
};
export const assignmentStream = (orderId: string) => `assignment-${orderId}`;
