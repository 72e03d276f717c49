import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError } from '@platform/eventing/decider';
import { createHash, randomUUID } from 'node:crypto';
import { DISPATCH_ENV, type DispatchEnv } from '../dispatch.config';
import { Dispatching } from '../offers/dispatching';
import { WorldFeed } from '../world/world-feed';

/** A fixed answer per offer: three in four accept, one in eight declines, the rest let it lapse. */
export function demoAnswer(offerId: string): { answer: 'accept' | 'decline' | 'ignore'; afterMs: number } {
  const [a = 0, b = 0] = createHash('sha256').update(offerId).digest();
  const answer = a < 192 ? 'accept' : a < 224 ? 'decline' : 'ignore';
  return { answer, afterMs: 2000 + (b / 255) * 6000 };
}

/**
 * Demo only (DEMO_WORKERS_ANSWER=true, refused in production): the demo workers answer their
 * offers a few seconds after they are made, as their phones would, so `npm start` shows orders
 * being offered, declined, lapsing and assigned without anyone tapping a card.
 */
@Injectable()
export class DemoWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly answered = new Set<string>();

  constructor(
    @Inject(DISPATCH_ENV) private readonly env: DispatchEnv,
    @Inject(WorldFeed) private readonly feed: WorldFeed,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.DEMO_WORKERS_ANSWER !== 'true') return;
    this.timer = setInterval(() => void this.answerDue().catch(() => undefined), 1000);
  }

  private async answerDue(): Promise<void> {
    const now = Date.now();
    for (const o of this.feed.world.orders.values()) {
      const { status, offerId, workerId, offerExpiresAt } = o.dispatch;
      if (status !== 'offering' || !offerId || !workerId || this.answered.has(offerId)) continue;
      const { answer, afterMs } = demoAnswer(offerId);
      const madeAt =
        Date.parse(offerExpiresAt!) -
        this.feed.world.policyOf(o.order.branchId).settings.offerTimeoutSeconds * 1000;
      if (answer === 'ignore' || now < madeAt + afterMs) continue;
      this.answered.add(offerId);
      const meta = {
        commandId: `demo-answer:${offerId}`,
        correlationId: randomUUID(),
        causationId: null,
        actor: { kind: 'user' as const, id: workerId, role: 'worker' as const },
        at: new Date(),
      };
      try {
        if (answer === 'accept') await this.dispatching.acceptOffer(offerId, workerId, meta);
        else await this.dispatching.declineOffer(offerId, workerId, 'demo: busy that day', meta);
        console.log(
          `[dispatch] demo: ${workerId} ${answer === 'accept' ? 'accepted' : 'declined'} the offer for order ${o.order.orderId.slice(0, 8)}`,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
