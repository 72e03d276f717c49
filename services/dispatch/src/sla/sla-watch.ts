import { Inject, Injectable } from '@nestjs/common';
import { DurableTimers, type Timer } from '@platform/eventing';
import { ChatBot, CommandRunner } from '@platform/service-kit';
import { reminderCard } from '../cards/worker-cards';
import { DISPATCH_ENV, type DispatchEnv } from '../dispatch.config';
import { systemActor } from '../offers/dispatching';
import type { OrderInView } from '../world/domain/dispatch-world';
import { WorldFeed } from '../world/world-feed';
import { slaDecider, slaStream, type SlaKind } from './domain/sla.decider';
import { slaPlan } from './domain/sla-plan';

export const SLA_TIMER = 'dispatch-sla';
export const REMINDER_TIMER = 'dispatch-reminder';

/** `windowStart`: the appointment the timer was set for; a rescheduled order's old timers stand down. */
type SlaCheck = {
  orderId: string;
  kind: SlaKind;
  dueAt: string;
  workerId: string | null;
  windowStart: string;
};
type Reminder = { orderId: string; workerId: string; kind: 'start' | 'end'; windowStart: string };

const later = (instant: string | null, dueAt: string) =>
  instant !== null && Date.parse(instant) > Date.parse(dueAt);
const windowStart = (o: OrderInView) => new Date(o.order.window.start).toISOString();

/**
 * Whether the order missed the target, judged on what happened by the due time rather than on the
 * state now, so a timer that fires late (after downtime) still sees a late check-in or completion.
 */
function missed(o: OrderInView, check: SlaCheck): boolean {
  if (o.progress === 'cancelled' || windowStart(o) !== check.windowStart) return false;
  switch (check.kind) {
    case 'accept':
      return o.progress === 'placed' && o.dispatch.status !== 'assigned';
    case 'arrive':
      // Only against the worker it was set for: a reassignment sets its own target.
      return (
        o.dispatch.workerId === check.workerId &&
        (o.progress === 'placed' || later(o.checkedInAt, check.dueAt))
      );
    case 'finish':
      return o.progress === 'checked_in' || later(o.completedAt, check.dueAt);
  }
}

/**
 * The branch's service-level targets and the worker's reminders, as durable timers: each is
 * scheduled when its clock starts (first offer, assignment, check-in) and checked when it falls
 * due; a missed target becomes SlaBreached on `sla-<orderId>` (once) and lands in the queue.
 */
@Injectable()
export class SlaWatch {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(DISPATCH_ENV) private readonly env: DispatchEnv,
  ) {}

  private settings(o: OrderInView) {
    return this.feed.world.policyOf(o.order.branchId).settings;
  }

  private watch(check: SlaCheck, dueAt: Date) {
    return this.timers.schedule({
      id: `${SLA_TIMER}:${check.orderId}:${check.kind}:${check.dueAt}:${check.workerId ?? 'any'}`,
      kind: SLA_TIMER,
      dueAt,
      payload: check,
    });
  }

  private remind(reminder: Reminder, dueAt: Date) {
    return this.timers.schedule({
      id: `${REMINDER_TIMER}:${reminder.orderId}:${reminder.workerId}:${reminder.kind}:${dueAt.toISOString()}`,
      kind: REMINDER_TIMER,
      dueAt,
      payload: reminder,
    });
  }

  /** The first offer of a decision starts the acceptance clock. */
  async offersStarted(o: OrderInView, at: Date): Promise<void> {
    const { acceptBy } = slaPlan(this.settings(o), o.order, { firstOfferAt: at });
    await this.watch(
      {
        orderId: o.order.orderId,
        kind: 'accept',
        dueAt: acceptBy!.toISOString(),
        workerId: null,
        windowStart: windowStart(o),
      },
      acceptBy!,
    );
  }

  /** An assignment starts the arrival clock and the reminder before the start. */
  async assigned(o: OrderInView, workerId: string): Promise<void> {
    const plan = slaPlan(this.settings(o), o.order);
    await this.watch(
      {
        orderId: o.order.orderId,
        kind: 'arrive',
        dueAt: plan.arriveBy.toISOString(),
        workerId,
        windowStart: windowStart(o),
      },
      plan.arriveBy,
    );
    await this.remind(
      { orderId: o.order.orderId, workerId, kind: 'start', windowStart: windowStart(o) },
      plan.remindStartAt,
    );
  }

  /** A check-in starts the finishing clock and the reminder before the expected end. */
  async checkedIn(o: OrderInView, workerId: string, at: Date): Promise<void> {
    const plan = slaPlan(this.settings(o), o.order, { checkedInAt: at });
    await this.watch(
      {
        orderId: o.order.orderId,
        kind: 'finish',
        dueAt: plan.finishBy!.toISOString(),
        workerId,
        windowStart: windowStart(o),
      },
      plan.finishBy!,
    );
    await this.remind(
      { orderId: o.order.orderId, workerId, kind: 'end', windowStart: windowStart(o) },
      plan.remindEndAt,
    );
  }

  readonly onSlaTimer = async (timer: Timer): Promise<void> => {
    await this.feed.ready();
    const check = timer.payload as SlaCheck;
    const o = this.feed.world.order(check.orderId);
    if (!o || !missed(o, check)) return;
    await this.commands.run(
      slaDecider,
      slaStream(check.orderId),
      {
        type: 'RecordSlaBreach',
        orderId: check.orderId,
        kind: check.kind,
        dueAt: check.dueAt,
        workerId: check.workerId ?? o.dispatch.workerId,
      },
      {
        commandId: timer.id,
        correlationId: check.orderId,
        causationId: null,
        actor: systemActor,
        at: new Date(),
      },
    );
  };

  readonly onReminderTimer = async (timer: Timer): Promise<void> => {
    await this.feed.ready();
    const reminder = timer.payload as Reminder;
    const o = this.feed.world.order(reminder.orderId);
    // Only while the job is still theirs and at the stage the reminder is about.
    if (!o || o.dispatch.workerId !== reminder.workerId || windowStart(o) !== reminder.windowStart) return;
    if (o.progress !== (reminder.kind === 'start' ? 'placed' : 'checked_in')) return;
    await this.chat.send(
      timer.id,
      reminderCard(o, reminder.workerId, reminder.kind, this.env.PUBLIC_APP_URL),
    );
  };
}
