import { Inject, Injectable } from '@nestjs/common';
import type { Timer } from '@platform/eventing';
import { ChatBot, CommandRunner, OnTimer } from '@platform/service-kit';
import { reminderCard } from '../cards/worker-cards';
import { DISPATCH_ENV, type DispatchEnv } from '../dispatch.config';
import { REMINDER_TIMER, SLA_TIMER, systemActor } from '../offers/domain/offer-flow.actions';
import { windowStart, type Reminder, type SlaCheck } from '../offers/domain/offer-reactions.decider';
import type { OrderInView } from '../world/domain/dispatch-world';
import { WorldFeed } from '../world/world-feed';
import { slaDecider, slaStream } from './domain/sla.decider';

const later = (instant: string | null, dueAt: string) =>
  instant !== null && Date.parse(instant) > Date.parse(dueAt);

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
 * The branch's service-level targets and the worker's reminders, when their durable timers fall
 * due (the offer flow's reactions start them: first offer, assignment, check-in): a missed target
 * becomes SlaBreached on `sla-<orderId>` (once) and lands in the queue.
 */
@Injectable()
export class SlaWatch {
  constructor(
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(DISPATCH_ENV) private readonly env: DispatchEnv,
  ) {}

  @OnTimer(SLA_TIMER)
  async onSlaTimer(timer: Timer): Promise<void> {
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
  }

  @OnTimer(REMINDER_TIMER)
  async onReminderTimer(timer: Timer): Promise<void> {
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
  }
}
