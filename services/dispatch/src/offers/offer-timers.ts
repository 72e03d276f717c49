import { Inject, Injectable } from '@nestjs/common';
import type { Timer } from '@platform/eventing';
import { OnTimer } from '@platform/service-kit';
import { WorldFeed } from '../world/world-feed';
import { Dispatching } from './dispatching';
import {
  DECISION_CHECK_TIMER,
  OFFER_EXPIRY_TIMER,
  SLOT_CHECK_TIMER,
  type SlotRef,
} from './domain/offer-flow.actions';

/** The offer flow's durable timers: an offer's lapse, and the checks behind a hold and a decision. */
@Injectable()
export class OfferTimers {
  constructor(
    @Inject(Dispatching) private readonly dispatching: Dispatching,
    @Inject(WorldFeed) private readonly feed: WorldFeed,
  ) {}

  @OnTimer(OFFER_EXPIRY_TIMER)
  async expire(timer: Timer): Promise<void> {
    await this.feed.ready();
    const { orderId, offerId } = timer.payload as { orderId: string; offerId: string };
    // Never before the due time, whatever this host's clock says against the database's.
    const at = new Date(Math.max(Date.now(), timer.dueAt.getTime()));
    await this.dispatching.expireOffer(orderId, offerId, at);
  }

  @OnTimer(SLOT_CHECK_TIMER)
  async checkSlot(timer: Timer): Promise<void> {
    await this.dispatching.checkSlot(timer.payload as SlotRef, timer.id);
  }

  @OnTimer(DECISION_CHECK_TIMER)
  async checkDecision(timer: Timer): Promise<void> {
    await this.dispatching.settleDecision(timer.payload as { orderId: string; decisionId: string });
  }
}
