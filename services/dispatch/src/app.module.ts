import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { loadTokenConfig } from '@platform/auth';
import { allEvents } from '@platform/contracts';
import { DurableTimers, EventingModule } from '@platform/eventing';
import {
  CHAT_BOT_CONFIG,
  CHAT_MESSAGE_TIMER,
  ChatBot,
  CommandRunner,
  DateTimeScalar,
  ExpectedErrorsFilter,
  FeatureSettings,
  federatedGraphQL,
  HealthController,
  READINESS_CHECKS,
  type ReadinessCheck,
} from '@platform/service-kit';
import { join } from 'node:path';
import { DemoWorkers } from './demo/demo-workers';
import { DISPATCH_CONTEXT, DISPATCH_ENV, loadDispatchEnv, type DispatchEnv } from './dispatch.config';
import { DispatchReactions } from './dispatch-reactions';
import { AcceptCityDayPlanResolver } from './city-day-plan/accept-city-day-plan/accept-city-day-plan.resolver';
import { ProposeCityDayPlanResolver } from './city-day-plan/propose-city-day-plan/propose-city-day-plan.resolver';
import { AcceptOfferResolver } from './offers/accept-offer/accept-offer.resolver';
import { AssignWorkerResolver } from './offers/assign-worker/assign-worker.resolver';
import { DeclineOfferResolver } from './offers/decline-offer/decline-offer.resolver';
import { RedispatchOrderResolver } from './offers/redispatch-order/redispatch-order.resolver';
import type { DispatchContext } from './platform/dispatch-context';
import { workerReferences } from './platform/worker-references';
import { DecisionsResolver } from './read-models/decisions/decisions.resolver';
import { DispatchBoardResolver } from './read-models/dispatch-board/dispatch-board.resolver';
import { DispatchPolicyResolver } from './read-models/dispatch-policy/dispatch-policy.resolver';
import { DispatcherQueueResolver } from './read-models/dispatcher-queue/dispatcher-queue.resolver';
import { OrderDispatchResolver } from './read-models/order-dispatch/order-dispatch.resolver';
import { OrderDispatchView } from './read-models/order-dispatch/order-dispatch.view';
import { ResolveQueueItemResolver } from './read-models/resolve-queue-item/resolve-queue-item.resolver';
import { WorkerOffersResolver } from './read-models/worker-offers/worker-offers.resolver';
import { WorkerScheduleResolver } from './read-models/worker-schedule/worker-schedule.resolver';
import { SetDispatchPolicyResolver } from './set-dispatch-policy/set-dispatch-policy.resolver';
import {
  DECISION_CHECK_TIMER,
  Dispatching,
  OFFER_EXPIRY_TIMER,
  SLOT_CHECK_TIMER,
} from './offers/dispatching';
import { CityDayPlans } from './planning-service/city-day-plans';
import { DispatchTables } from './queue/dispatch-tables';
import { REMINDER_TIMER, SLA_TIMER, SlaWatch } from './sla/sla-watch';
import { WorldFeed } from './world/world-feed';

/** Starts the durable timers with handlers that live in this module's providers. */
class DispatchTimers implements OnApplicationBootstrap {
  constructor(
    @Inject(DISPATCH_ENV) private readonly env: DispatchEnv,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(Dispatching) private readonly dispatching: Dispatching,
    @Inject(SlaWatch) private readonly sla: SlaWatch,
    @Inject(WorldFeed) private readonly feed: WorldFeed,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.DISPATCH_ROLES.worker) return;
    this.timers.start(
      {
        [CHAT_MESSAGE_TIMER]: this.chat.deliver,
        [OFFER_EXPIRY_TIMER]: async (timer) => {
          await this.feed.ready();
          const { orderId, offerId } = timer.payload as { orderId: string; offerId: string };
          // Never before the due time, whatever this host's clock says against the database's.
          const at = new Date(Math.max(Date.now(), timer.dueAt.getTime()));
          await this.dispatching.expireOffer(orderId, offerId, at);
        },
        [SLOT_CHECK_TIMER]: (timer) =>
          this.dispatching.checkSlot(
            timer.payload as { workerId: string; orderId: string; day: string; reservationId: string },
            timer.id,
          ),
        [DECISION_CHECK_TIMER]: (timer) =>
          this.dispatching.settleDecision(timer.payload as { orderId: string; decisionId: string }),
        [SLA_TIMER]: this.sla.onSlaTimer,
        [REMINDER_TIMER]: this.sla.onReminderTimer,
      },
      { pollMs: this.env.TIMER_POLL_MS },
    );
  }
}

/** The whole dispatch service, configured from its environment (read once, here). */
export function dispatchAppModule(env: DispatchEnv = loadDispatchEnv()): DynamicModule {
  return {
    module: DispatchAppModule,
    imports: [
      EventingModule.forRoot({
        context: DISPATCH_CONTEXT,
        storage: env.DISPATCH_STORAGE,
        forward: env.DISPATCH_ROLES.worker,
        // Its own events, and those its view is made of: orders' and workforce's.
        events: allEvents,
      }),
      federatedGraphQL({
        service: DISPATCH_CONTEXT,
        typePaths: [join(__dirname, '**/*.graphql')],
        tokens: loadTokenConfig(),
        perRequest: (caller): DispatchContext => ({ caller }),
      }),
    ],
    controllers: [HealthController],
    providers: [
      { provide: DISPATCH_ENV, useValue: env },
      { provide: APP_FILTER, useClass: ExpectedErrorsFilter },
      {
        provide: CHAT_BOT_CONFIG,
        useValue: { webhookUrl: env.CHATBOT_WEBHOOK_URL, secret: env.CHATBOT_SECRET },
      },
      ChatBot,
      CommandRunner,
      FeatureSettings,
      DateTimeScalar,
      WorldFeed,
      {
        // Not ready until the view of orders and workers has read what existed at start-up.
        provide: READINESS_CHECKS,
        inject: [WorldFeed],
        useFactory: (feed: WorldFeed): ReadinessCheck[] => [
          { name: 'dispatch-view', check: () => feed.ready(1) },
        ],
      },
      DispatchTables,
      Dispatching,
      SlaWatch,
      CityDayPlans,
      OrderDispatchView,
      DispatchReactions,
      DispatchTimers,
      DemoWorkers,
      AcceptOfferResolver,
      DeclineOfferResolver,
      AssignWorkerResolver,
      RedispatchOrderResolver,
      SetDispatchPolicyResolver,
      ProposeCityDayPlanResolver,
      AcceptCityDayPlanResolver,
      DispatcherQueueResolver,
      ResolveQueueItemResolver,
      DispatchBoardResolver,
      WorkerOffersResolver,
      WorkerScheduleResolver,
      DispatchPolicyResolver,
      DecisionsResolver,
      OrderDispatchResolver,
      ...workerReferences,
    ],
  };
}

@Module({})
class DispatchAppModule {}
