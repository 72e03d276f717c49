import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@platform/contracts';
import { EventContext } from '@platform/eventing';
import { FeatureSettings } from '@platform/service-kit';
import { DISPATCH_ENV, type DispatchEnv } from './dispatch.config';
import { Dispatching } from './offers/dispatching';
import { decideReaction, REACTION_TYPES } from './offers/domain/offer-reactions.decider';
import { WorldFeed } from './world/world-feed';

/**
 * Dispatch's reactions (consumer 'reactions', group `<prefix>dispatch-reactions`): what the offer
 * flow decides to do when something happens (offers/domain/offer-reactions.decider), carried out by
 * its runner. Every event is handled only once this process's view has read it.
 */
@Controller()
export class DispatchReactions {
  constructor(
    @Inject(DISPATCH_ENV) private readonly env: DispatchEnv,
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
    @Inject(FeatureSettings) private readonly features: FeatureSettings,
  ) {}

  @EventPattern(REACTION_TYPES, { consumer: 'reactions' })
  async react(@Payload() event: EventEnvelope, @Ctx() context: EventContext): Promise<void> {
    await this.feed.caughtUpWith(context);
    const actions = decideReaction(event, {
      world: this.feed.world,
      features: this.features,
      now: new Date(),
    });
    const carried = { queued: false };
    for (const action of actions) await this.dispatching.perform(action, carried);
    if (event.type === 'OrderPlaced' && this.env.DEMO_WORKERS_ANSWER === 'true') {
      const o = this.feed.world.order((event.data as { orderId: string }).orderId);
      if (o)
        console.log(
          `[dispatch] demo: order ${o.order.orderId.slice(0, 8)} (${o.order.itemCode}, ${o.order.district}): ${o.dispatch.status}`,
        );
    }
  }
}

/** Consumer 'reactions''s settings: partitions in parallel (each in order). */
export const reactionsConsumerOptions = { partitionsConcurrently: 4 };
