import { Controller, Inject, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@platform/contracts';
import { DomainError, DurableTimers, type Timer } from '@platform/eventing';
import { ContactBook } from '../../contacts/contact-book';
import { OrderIntake } from '../../order/place-order/order-intake';
import { orderRules } from '../../order/order.decider';
import { ORDERS_ENV, type OrdersEnv } from '../../orders.config';
import { CommandRunner, OnTimer } from '@platform/service-kit';
import { packageDecider, packageStream, visitsToOrder } from '../package.decider';
import { dateInZone } from '../wall-clock';

export const PACKAGE_HORIZON_TIMER = 'package-horizon';
const DAY = 86_400_000;

/**
 * Keeps each active package's orders placed `PACKAGE_HORIZON_DAYS` ahead. A durable timer per
 * package and day wakes it; each visit's order id and command id derive from (package, date), so
 * a timer that fires twice, or a crash between placing and recording, never doubles an order.
 */
@Injectable()
export class PackageScheduler {
  constructor(
    @Inject(ORDERS_ENV) private readonly env: OrdersEnv,
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(OrderIntake) private readonly intake: OrderIntake,
    @Inject(ContactBook) private readonly contacts: ContactBook,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
  ) {}

  /**
   * One wake-up per package and day (`key`); a resume passes its own key, because the day's
   * wake-up may already have fired while the package was paused, which ended its daily chain.
   */
  async wake(packageId: string, at: Date, key = at.toISOString().slice(0, 10)): Promise<void> {
    await this.timers.schedule({
      id: `${PACKAGE_HORIZON_TIMER}:${packageId}:${key}`,
      kind: PACKAGE_HORIZON_TIMER,
      dueAt: at,
      payload: { packageId },
    });
  }

  @OnTimer(PACKAGE_HORIZON_TIMER)
  async run(timer: Timer): Promise<void> {
    const { packageId } = timer.payload as { packageId: string };
    const now = new Date();
    const state = await this.commands.load(packageDecider, packageStream(packageId));
    if (state.status !== 'active') return;
    const { terms } = state;
    const contact = (await this.contacts.find([terms.contactId])).get(terms.contactId);
    if (!contact) throw new Error(`package ${packageId}: contact ${terms.contactId} not found`);
    const earliest = new Date(now.getTime() + (orderRules.minLeadMinutes + 5) * 60_000);
    for (const visit of visitsToOrder(state, now, this.env.PACKAGE_HORIZON_DAYS, earliest)) {
      const meta = {
        correlationId: timer.id,
        actor: { kind: 'system' as const, id: 'package-scheduler' },
        at: now,
      };
      let orderId: string;
      try {
        const placed = await this.intake.place(
          {
            channel: 'package',
            channelOrderId: `${packageId}/${visit.visitDate}`,
            customerId: terms.customerId,
            contact: { name: contact.name, phone: contact.phone, street: contact.street },
            address: terms.address,
            itemCode: terms.itemCode,
            appointment: visit.appointment,
            notes: `Yearly package visit ${visit.visitDate}`,
            packageId,
          },
          { ...meta, commandId: `package:${packageId}:${visit.visitDate}` },
        );
        orderId = placed.orderId;
      } catch (error) {
        // An item retired or withdrawn from the city stops the package's orders, not the timer loop.
        if (error instanceof DomainError) {
          console.warn(
            `[orders] package ${packageId} visit ${visit.visitDate} not ordered: ${error.message}`,
          );
          continue;
        }
        throw error;
      }
      await this.commands.run(
        packageDecider,
        packageStream(packageId),
        { type: 'RecordVisitOrdered', visitDate: visit.visitDate, orderId },
        { ...meta, commandId: `package-visit:${packageId}:${visit.visitDate}`, causationId: null },
      );
    }
    // The package's own calendar decides whether it has days left, not UTC's.
    if (terms.endDate >= dateInZone(now, terms.timeZone)) {
      const next = new Date(now.getTime() + DAY);
      await this.wake(packageId, next, dateInZone(next, terms.timeZone));
    }
  }
}

/** A package subscribed or resumed starts placing its orders at once (a resume with a wake-up of its own). */
@Controller()
export class PackageWakeUps {
  constructor(@Inject(PackageScheduler) private readonly packages: PackageScheduler) {}

  @EventPattern(['PackageSubscribed', 'PackageResumed'])
  wake(@Payload() event: EventEnvelope): Promise<void> {
    const { packageId } = event.data as { packageId: string };
    const key = event.type === 'PackageResumed' ? `resumed-${event.eventId}` : undefined;
    return this.packages.wake(packageId, new Date(), key);
  }
}
