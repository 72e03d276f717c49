import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventCatalog, type EventEnvelope } from '@platform/contracts';
import {
  BackgroundConsumers,
  EventConsumer,
  KAFKA,
  PLATFORM_ENV,
  type PlatformEnv,
} from '@platform/eventing';
import { ChatBot, FeatureSettings, type Switch } from '@platform/service-kit';
import type { Kafka } from 'kafkajs';
import { assignedCard, displacedCard, offerCard } from './cards/worker-cards';
import { DISPATCH_CONTEXT, DISPATCH_ENV, type DispatchEnv } from './dispatch.config';
import { Dispatching, type Cause } from './offers/dispatching';
import { DispatchTables } from './queue/dispatch-tables';
import { ruleCounts } from './graphql/dispatch-views';
import { SlaWatch } from './sla/sla-watch';
import { WorldFeed, worldTopics } from './world/world-feed';
import type { OrderInView } from './world/domain/dispatch-world';
import { businessDay } from '@platform/domain-kit';

type Data = Record<string, string>;

/**
 * What dispatch does when something happens (group `dispatch-reactions`), each step idempotent
 * because Kafka delivers at least once: command ids, timer ids, queue items and chat message ids
 * all derive from the event. Every event is handled only once this process's view has read it.
 */
@Injectable()
export class DispatchReactions implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: EventConsumer;

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    @Inject(DISPATCH_ENV) private readonly dispatchEnv: DispatchEnv,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EventCatalog) private readonly catalog: EventCatalog,
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
    @Inject(DispatchTables) private readonly tables: DispatchTables,
    @Inject(SlaWatch) private readonly sla: SlaWatch,
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(FeatureSettings) private readonly features: FeatureSettings,
    @Inject(BackgroundConsumers) private readonly background: BackgroundConsumers,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.dispatchEnv.DISPATCH_ROLES.worker) return;
    const prefix = this.env.KAFKA_TOPIC_PREFIX;
    this.consumer = new EventConsumer({
      kafka: this.kafka,
      groupId: `${prefix}${DISPATCH_CONTEXT}-reactions`,
      topics: worldTopics(prefix),
      catalog: this.catalog,
      sessionTimeoutMs: this.env.KAFKA_SESSION_TIMEOUT_MS,
      partitionsConcurrently: 4,
      handle: async (event, { signal, ...position }) => {
        await this.feed.reached(position, signal);
        await this.react(event);
      },
    });
    // Reactions wait for the view to hold what existed at start-up, however long that takes: a
    // reaction on a half-loaded view would find orders and workers missing.
    // (A consumer stopped before then never starts.)
    const consumer = this.consumer;
    void this.feed.loaded.then(() => this.background.launch(consumer));
  }

  async react(event: EventEnvelope): Promise<void> {
    const data = event.data as Data;
    const cause: Cause = { id: event.eventId, correlationId: event.correlationId };
    const o = data.orderId ? this.feed.world.order(data.orderId) : undefined;
    if (o) return this.onOrderEvent(event, o, cause);
    // Dispatch's own event about an order the view has not met yet (its topic is read ahead):
    // failing makes the consumer retry once the view has caught up.
    if (data.orderId && event.streamId.startsWith('assignment-'))
      throw new Error(`order ${data.orderId} is not in dispatch's view yet; retrying`);
    switch (event.type) {
      case 'FeatureSwitched':
        return this.dispatchWaiting(event.data as Switch, event.occurredAt, cause);
      case 'WorkerActivated':
      case 'WorkerReinstated':
      case 'WorkerBecameEligible':
      case 'WorkingHoursSet':
      case 'ServiceAreasChanged':
      case 'LeaveCancelled':
        return this.retryFailedFor(data.workerId!, cause);
      case 'WorkerBecameIneligible':
        // Acted on only while it still holds (an eligibility restored meanwhile releases nothing).
        if (this.feed.world.workers.get(data.workerId!)?.eligibleItems.includes(data.itemCode!)) return;
        return this.releaseJobs(
          data.workerId!,
          cause,
          `no longer qualified for ${data.itemCode}`,
          (j) => j.order.itemCode === data.itemCode,
        );
      case 'LeaveRecorded': {
        const stillAway = this.feed.world.workers
          .get(data.workerId!)
          ?.leaves.some((l) => l.from === data.from && l.to === data.to);
        if (!stillAway) return;
        return this.releaseJobs(data.workerId!, cause, `on leave ${data.from} – ${data.to}`, (j) => {
          const day = businessDay(Date.parse(String(j.order.window.start)));
          return day >= data.from! && day <= data.to!;
        });
      }
      case 'WorkerSuspended':
      case 'WorkerLeft': {
        const status = this.feed.world.workers.get(data.workerId!)?.status;
        if (status !== 'suspended' && status !== 'left') return;
        const why = event.type === 'WorkerLeft' ? 'left the company' : `suspended: ${data.reason}`;
        return this.releaseJobs(data.workerId!, cause, why, () => true);
      }
    }
  }

  /**
   * Auto-dispatch switched on: the branch's orders that waited in the queue while it was off (or
   * before the switch was read) are dispatched now, unless it has been switched off again since.
   */
  private async dispatchWaiting(change: Switch, occurredAt: string, cause: Cause) {
    if (change.feature !== 'auto_dispatch' || !change.enabled) return;
    if (!this.features.hasRead(change, occurredAt))
      throw new Error(`the feature settings have not read the switch of ${change.branchId} yet; retrying`);
    const now = Date.now();
    for (const o of this.feed.world.orders.values()) {
      const { order } = o;
      if (order.branchId !== change.branchId || o.progress !== 'placed' || o.dispatch.status !== 'waiting')
        continue;
      if (change.businessUnit !== 'all' && order.businessUnit !== change.businessUnit) continue;
      if (Date.parse(String(order.window.start)) <= now) continue;
      if (!this.features.isEnabled(order.branchId, order.businessUnit, 'auto_dispatch')) continue;
      await this.dispatching.autoDispatch(order.orderId, { ...cause, id: `${cause.id}:${order.orderId}` });
    }
  }

  /** A worker who can work now (again) may take orders nobody could: those are dispatched again. */
  private async retryFailedFor(workerId: string, cause: Cause) {
    for (const orderId of this.dispatching.failedOrdersFor(workerId, new Date()))
      await this.dispatching.autoDispatch(orderId, { ...cause, id: `${cause.id}:${orderId}` });
  }

  private async releaseJobs(
    workerId: string,
    cause: Cause,
    reason: string,
    affected: (o: OrderInView) => boolean,
  ) {
    for (const job of this.feed.world.upcomingJobsOf(workerId, new Date()).filter(affected))
      await this.dispatching.releaseAndRedispatch(job.order.orderId, workerId, `worker ${reason}`, cause);
  }

  private async onOrderEvent(event: EventEnvelope, o: OrderInView, cause: Cause): Promise<void> {
    const data = event.data as Data;
    const at = new Date(event.occurredAt);
    const { orderId, branchId } = o.order;
    const appUrl = this.dispatchEnv.PUBLIC_APP_URL;
    switch (event.type) {
      case 'OrderPlaced': {
        const outcome = await this.dispatching.autoDispatch(orderId, cause);
        if (this.dispatchEnv.DEMO_WORKERS_ANSWER === 'true')
          console.log(
            `[dispatch] demo: order ${orderId.slice(0, 8)} (${o.order.itemCode}, ${o.order.district}): ${outcome}`,
          );
        return;
      }
      case 'OrderRescheduled':
        // Closing withdraws the offer or unassigns the worker (whose time is then freed by the
        // TechnicianUnassigned reaction); the order is then dispatched for its new time.
        await this.dispatching.close(orderId, `the order was rescheduled: ${data.reason}`, cause);
        await this.dispatching.autoDispatch(orderId, cause);
        return;
      case 'OrderCancelled':
        await this.dispatching.close(orderId, `the order was cancelled: ${data.reason}`, cause);
        return;
      case 'JobCheckedIn':
        await this.sla.checkedIn(o, data.workerId!, at);
        return;
      case 'DispatchDecided':
        await this.tables.markLanded(data.decisionId!);
        await this.sla.offersStarted(o, at);
        return;
      case 'OfferMade':
        await this.tables.projectOffer(event, branchId);
        await this.chat.send(
          `offer-${data.offerId}`,
          offerCard(
            o,
            { offerId: data.offerId!, workerId: data.workerId!, expiresAt: data.expiresAt! },
            appUrl,
          ),
        );
        return;
      case 'OfferAccepted':
        await this.tables.projectOffer(event, branchId);
        return;
      case 'OfferDeclined':
      case 'OfferExpired':
        await this.tables.projectOffer(event, branchId);
        await this.freeHold(orderId, data.offerId!, cause);
        return;
      case 'OfferWithdrawn':
        await this.tables.projectOffer(event, branchId);
        await this.freeHold(orderId, data.offerId!, cause);
        await this.chat.send(
          `withdrawn-${data.offerId}`,
          displacedCard(o, data.workerId!, data.reason!, appUrl),
        );
        return;
      case 'TechnicianAssigned':
        await this.tables.resolveForOrder(orderId, `assigned to ${data.workerId} (${data.how})`, at);
        await this.sla.assigned(o, data.workerId!);
        await this.chat.send(
          `assigned-${data.assignmentId}`,
          assignedCard(o, data.workerId!, data.how as 'auto' | 'manual', appUrl),
        );
        return;
      case 'TechnicianUnassigned': {
        await this.freeHold(orderId, data.assignmentId!, cause);
        await this.chat.send(
          `unassigned-${data.assignmentId}`,
          displacedCard(o, data.workerId!, data.reason!, appUrl),
        );
        return;
      }
      case 'DispatchFailed': {
        const decision = data.decisionId ? await this.tables.decision(data.decisionId) : null;
        await this.tables.raise({
          itemId: `failed:${event.eventId}`,
          orderId,
          branchId,
          kind: 'dispatch_failed',
          details: {
            ...(event.data as Record<string, unknown>),
            // What ruled the workers out, counted per rule (the index's exclusions included).
            byRule: decision ? ruleCounts(decision.rejected, decision.summary.excludedByIndex) : [],
          },
          raisedAt: at,
        });
        return;
      }
      case 'SlaBreached':
        await this.tables.raise({
          itemId: `sla:${event.eventId}`,
          orderId,
          branchId,
          kind: 'sla_breached',
          details: { kind: data.kind, dueAt: data.dueAt, workerId: data.workerId ?? null },
          raisedAt: at,
        });
        return;
    }
  }

  /** The worker's time an ended offer or assignment held is free again (nothing, if held for another by now). */
  private async freeHold(orderId: string, reservationId: string, cause: Cause) {
    const held = this.feed.world.reservationOf(reservationId);
    if (held) await this.dispatching.releaseSlot({ ...held, orderId, reservationId }, cause);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
