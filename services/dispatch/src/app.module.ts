import type { DynamicModule } from '@nestjs/common';
import { allEvents } from '@platform/contracts';
import { READINESS_CHECKS, ServiceModule, type ReadinessCheck } from '@platform/service-kit';
import { join } from 'node:path';
import { AcceptCityDayPlanResolver } from './city-day-plan/accept-city-day-plan/accept-city-day-plan.resolver';
import { ProposeCityDayPlanResolver } from './city-day-plan/propose-city-day-plan/propose-city-day-plan.resolver';
import { DemoWorkers } from './demo/demo-workers';
import { DISPATCH_CONTEXT, DISPATCH_ENV, loadDispatchEnv, type DispatchEnv } from './dispatch.config';
import { DispatchReactions, reactionsConsumerOptions } from './dispatch-reactions';
import { AcceptOfferResolver } from './offers/accept-offer/accept-offer.resolver';
import { AssignWorkerResolver } from './offers/assign-worker/assign-worker.resolver';
import { DeclineOfferResolver } from './offers/decline-offer/decline-offer.resolver';
import { Dispatching } from './offers/dispatching';
import { OfferTimers } from './offers/offer-timers';
import { RedispatchOrderResolver } from './offers/redispatch-order/redispatch-order.resolver';
import { CityDayPlans } from './planning-service/city-day-plans';
import { PlanRecords } from './planning-service/plan-records';
import type { DispatchContext } from './platform/dispatch-context';
import { orderReferences, UnassignedOrderReferences } from './platform/order-references';
import { workerReferences } from './platform/worker-references';
import { DecisionRecords } from './provenance/decision-records';
import { CityDayPlansResolver } from './read-models/city-day-plans/city-day-plans.resolver';
import { DecisionsResolver } from './read-models/decisions/decisions.resolver';
import { DispatchBoardResolver } from './read-models/dispatch-board/dispatch-board.resolver';
import { DispatchPolicyResolver } from './read-models/dispatch-policy/dispatch-policy.resolver';
import { dispatchReadModels } from './read-models/dispatch-read-models';
import { DispatchStatsResolver } from './read-models/dispatch-stats/dispatch-stats.resolver';
import { DispatcherQueueResolver } from './read-models/dispatcher-queue/dispatcher-queue.resolver';
import { OrderDispatchResolver } from './read-models/order-dispatch/order-dispatch.resolver';
import { OrderDispatchView } from './read-models/order-dispatch/order-dispatch.view';
import { ResolveQueueItemResolver } from './read-models/resolve-queue-item/resolve-queue-item.resolver';
import { WorkerOffersResolver } from './read-models/worker-offers/worker-offers.resolver';
import { WorkerScheduleResolver } from './read-models/worker-schedule/worker-schedule.resolver';
import {
  ScheduleBoardResolver,
} from './read-models/schedule-board/schedule-board.resolver';
import { SetDispatchPolicyResolver } from './set-dispatch-policy/set-dispatch-policy.resolver';
import { SlaWatch } from './sla/sla-watch';
import { WORLD_CONSUMER, WorldFeed, WorldFeedConsumer, worldConsumerOptions } from './world/world-feed';

/**
 * The whole dispatch service, configured from its environment (read once, here). Every process
 * consumes: each keeps its own in-memory view of orders and workers (consumer 'world'), which the
 * API reads too, and takes its share of the read models' group. Only a worker process
 * (DISPATCH_ROLES) forwards, reacts, fires the timers and sends cards.
 */
export function dispatchAppModule(env: DispatchEnv = loadDispatchEnv()): DynamicModule {
  const worker = env.DISPATCH_ROLES.worker;
  return ServiceModule.forRoot({
    service: DISPATCH_CONTEXT,
    context: DISPATCH_CONTEXT,
    storage: env.DISPATCH_STORAGE,
    // Its own events, and those its view is made of: orders', workforce's and feedback's.
    events: allEvents,
    consume: true,
    forward: worker,
    readModels: dispatchReadModels,
    consumers: {
      [WORLD_CONSUMER]: worldConsumerOptions,
      ...(worker ? { reactions: reactionsConsumerOptions } : {}),
    },
    graphql: {
      typePaths: [join(__dirname, '**/*.graphql')],
      perRequest: (caller): DispatchContext => ({ caller }),
    },
    ...(worker ? { chatBot: { webhookUrl: env.CHATBOT_WEBHOOK_URL, secret: env.CHATBOT_SECRET } } : {}),
    timerPollMs: env.TIMER_POLL_MS,
    controllers: [WorldFeedConsumer, ...(worker ? [DispatchReactions] : [])],
    providers: [
      { provide: DISPATCH_ENV, useValue: env },
      WorldFeed,
      {
        // Not ready until the view of orders and workers has read what existed at start-up.
        provide: READINESS_CHECKS,
        inject: [WorldFeed],
        useFactory: (feed: WorldFeed): ReadinessCheck[] => [
          { name: 'dispatch-view', check: () => feed.ready(1) },
        ],
      },
      DecisionRecords,
      PlanRecords,
      Dispatching,
      CityDayPlans,
      OrderDispatchView,
      DemoWorkers,
      ...(worker ? [OfferTimers, SlaWatch] : []),
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
      DispatchStatsResolver,
      WorkerOffersResolver,
      WorkerScheduleResolver,
      ScheduleBoardResolver,
      DispatchPolicyResolver,
      DecisionsResolver,
      CityDayPlansResolver,
      OrderDispatchResolver,
      ...workerReferences,
      ...orderReferences,
      UnassignedOrderReferences,
    ],
  });
}
