import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventCatalog, type EventEnvelope } from '@platform/contracts';
import {
  BackgroundConsumers,
  EventConsumer,
  KAFKA,
  PLATFORM_ENV,
  type PlatformEnv,
} from '@platform/eventing';
import { FeatureSettings } from '@platform/service-kit';
import type { Kafka } from 'kafkajs';
import { DISPATCH_CONTEXT, DISPATCH_ENV, type DispatchEnv } from './dispatch.config';
import { Dispatching } from './offers/dispatching';
import { decideReaction } from './offers/domain/offer-reactions.decider';
import { DispatchTables } from './queue/dispatch-tables';
import { ruleCounts } from './read-models/decisions/decisions.view';
import { WorldFeed, worldTopics } from './world/world-feed';

type Data = Record<string, string>;

/**
 * Dispatch's reactions (group `dispatch-reactions`): the tables that follow its events, then what
 * the offer flow decides to do (offers/domain/offer-reactions.decider), carried out by the flow's
 * runner. Every event is handled only once this process's view has read it.
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
    await this.project(event);
    const actions = decideReaction(event, {
      world: this.feed.world,
      features: this.features,
      now: new Date(),
    });
    const carried = { queued: false };
    for (const action of actions) await this.dispatching.perform(action, carried);
    if (event.type === 'OrderPlaced' && this.dispatchEnv.DEMO_WORKERS_ANSWER === 'true') {
      const o = this.feed.world.order((event.data as Data).orderId!);
      if (o)
        console.log(
          `[dispatch] demo: order ${o.order.orderId.slice(0, 8)} (${o.order.itemCode}, ${o.order.district}): ${o.dispatch.status}`,
        );
    }
  }

  /** Dispatch's tables that follow its events: the offers, the queue, and which decisions landed. */
  private async project(event: EventEnvelope): Promise<void> {
    const data = event.data as Data;
    const o = data.orderId ? this.feed.world.order(data.orderId) : undefined;
    if (!o) return;
    const { orderId, branchId } = o.order;
    const at = new Date(event.occurredAt);
    switch (event.type) {
      case 'DispatchDecided':
        return this.tables.markLanded(data.decisionId!);
      case 'OfferMade':
      case 'OfferAccepted':
      case 'OfferDeclined':
      case 'OfferExpired':
      case 'OfferWithdrawn':
        return this.tables.projectOffer(event, branchId);
      case 'TechnicianAssigned':
        return this.tables.resolveForOrder(orderId, `assigned to ${data.workerId} (${data.how})`, at);
      case 'DispatchFailed': {
        const decision = data.decisionId ? await this.tables.decision(data.decisionId) : null;
        return this.tables.raise({
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
      }
      case 'SlaBreached':
        return this.tables.raise({
          itemId: `sla:${event.eventId}`,
          orderId,
          branchId,
          kind: 'sla_breached',
          details: { kind: data.kind, dueAt: data.dueAt, workerId: data.workerId ?? null },
          raisedAt: at,
        });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
