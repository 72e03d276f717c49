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

type SlaCheck = { orderId: string; kind: SlaKind; dueAt: string; workerId: string | null };
type Reminder = { orderId: string; workerId: string; kind: 'start' | 'end' };

/** Whether the order has missed a target when its timer fires (the view knows how far the job got). */
function missed(o: OrderInView, kind: SlaKind): boolean {
  if (o.progress === 'cancelled') return false;
  if (kind === 'accept') return o.progress === 'placed' && o.dispatch.status !== 'assigned';
  if (kind === 'arrive') return o.progress === 'placed';
  return o.progress === 'checked_in';
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
      id: `${SLA_TIMER}:${check.orderId}:${check.kind}:${check.dueAt}`,
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
      { orderId: o.order.orderId, kind: 'accept', dueAt: acceptBy!.toISOString(), workerId: null },
      acceptBy!,
    );
  }

  /** An assignment starts the arrival clock and the reminder before the start. */
  async assigned(o: OrderInView, workerId: string): Promise<void> {
    const plan = slaPlan(this.settings(o), o.order);
    await this.watch(
      { orderId: o.order.orderId, kind: 'arrive', dueAt: plan.arriveBy.toISOString(), workerId },
      plan.arriveBy,
    );
    await this.remind({ orderId: o.order.orderId, workerId, kind: 'start' }, plan.remindStartAt);
  }

  /** A check-in starts the finishing clock and the reminder before the expected end. */
  async checkedIn(o: OrderInView, workerId: string, at: Date): Promise<void> {
    const plan = slaPlan(this.settings(o), o.order, { checkedInAt: at });
    await this.watch(
      { orderId: o.order.orderId, kind: 'finish', dueAt: plan.finishBy!.toISOString(), workerId },
      plan.finishBy!,
    );
    await this.remind({ orderId: o.order.orderId, workerId, kind: 'end' }, plan.remindEndAt);
  }

  readonly onSlaTimer = async (timer: Timer): Promise<void> => {
    await this.feed.ready();
    const check = timer.payload as SlaCheck;
    const o = this.feed.world.order(check.orderId);
    if (!o || !missed(o, check.kind)) return;
    await this.commands.run(
      slaDecider,
      slaStream(check.orderId),
      { type: 'RecordSlaBreach', ...check, workerId: check.workerId ?? o.dispatch.workerId },
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
    if (!o || o.dispatch.workerId !== reminder.workerId) return;
    if (o.progress !== (reminder.kind === 'start' ? 'placed' : 'checked_in')) return;
    await this.chat.send(
      timer.id,
      reminderCard(o, reminder.workerId, reminder.kind, this.env.PUBLIC_APP_URL),
    );
  };
}
