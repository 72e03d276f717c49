import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { loadTokenConfig } from '@platform/auth';
import { assignmentEvents, catalogueEvents, orderEvents, packageEvents } from '@platform/contracts';
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
} from '@platform/service-kit';
import { join } from 'node:path';
import { MaintainCatalogueResolver } from './catalogue/maintain-catalogue/maintain-catalogue.resolver';
import { CONTACT_SWEEP_TIMER, ContactBook, nextContactSweep } from './contacts/contact-book';
import { DemoData } from './demo/demo-data';
import { FilesModule } from './files/files.module';
import { AddJobPhotoResolver } from './order/add-job-photo/add-job-photo.resolver';
import { CancelOrderResolver } from './order/cancel-order/cancel-order.resolver';
import { CheckInResolver } from './order/check-in/check-in.resolver';
import { CloseOrderResolver } from './order/close-order/close-order.resolver';
import { CollectSignatureResolver } from './order/collect-signature/collect-signature.resolver';
import { CompleteJobResolver } from './order/complete-job/complete-job.resolver';
import { OrderCommands } from './order/order-commands';
import { OrderIntake } from './order/place-order/order-intake';
import { PlaceOrderResolver } from './order/place-order/place-order.resolver';
import { NewOrderAnnouncement } from './order/announce-new-order/new-order-announcement';
import { AssignmentReactions } from './order/record-assignment/assignment-reactions';
import { RecordChecklistItemResolver } from './order/record-checklist-item/record-checklist-item.resolver';
import { RequestSparePartResolver } from './order/request-spare-part/request-spare-part.resolver';
import { RescheduleOrderResolver } from './order/reschedule-order/reschedule-order.resolver';
import { loadOrdersEnv, ORDERS_CONTEXT, ORDERS_ENV, type OrdersEnv } from './orders.config';
import { ChangePackageResolver } from './package/change-package/change-package.resolver';
import {
  PACKAGE_HORIZON_TIMER,
  PackageScheduler,
  PackageWakeUps,
} from './package/order-package-visits/package-scheduler';
import { SubscribePackageResolver } from './package/subscribe-package/subscribe-package.resolver';
import { OrderAccess } from './platform/order-access';
import { OrderFileAccess } from './platform/order-file-access';
import { ordersContext } from './platform/orders-context';
import {
  CHANNEL_CALLBACK_TIMER,
  ChannelCallbackReactions,
  ChannelCallbacks,
} from './partner-webhooks/channel-callbacks';
import { ChannelCallbacksResolver } from './partner-webhooks/channel-callbacks.resolver';
import { PartnerWebhookController } from './partner-webhooks/partner-webhook.controller';
import { CatalogueResolver } from './read-models/catalogue/catalogue.resolver';
import { LiveUpdates, OrderChangeAnnouncements } from './read-models/order-changes/live-updates';
import { OrderSubscriptionsResolver } from './read-models/order-changes/order-subscriptions.resolver';
import { OrderBoardQueries } from './read-models/order-board/order-board.queries';
import { OrderBoardResolver } from './read-models/order-board/order-board.resolver';
import { OrderFieldsResolver } from './read-models/order-detail/order-detail.resolver';
import { involvementEventDefinitions, OrderInvolvement } from './read-models/involvement/order-involvement';
import { ordersReadModels } from './read-models/orders-read-models';
import { PackagesResolver, PackageVisitResolver } from './read-models/packages/packages.resolver';

/** Starts the durable timers with handlers that live in this module's providers. */
class OrdersTimers implements OnApplicationBootstrap {
  constructor(
    @Inject(ORDERS_ENV) private readonly env: OrdersEnv,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(ChannelCallbacks) private readonly callbacks: ChannelCallbacks,
    @Inject(PackageScheduler) private readonly packages: PackageScheduler,
    @Inject(ContactBook) private readonly contacts: ContactBook,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.ORDERS_ROLES.worker) return;
    this.timers.start(
      {
        [CHAT_MESSAGE_TIMER]: this.chat.deliver,
        [CHANNEL_CALLBACK_TIMER]: this.callbacks.deliver,
        [PACKAGE_HORIZON_TIMER]: this.packages.run,
        // Contacts left by a crash between writing one and its command are settled every few minutes.
        [CONTACT_SWEEP_TIMER]: async () => {
          await this.contacts.sweep();
          await this.timers.schedule(nextContactSweep(new Date()));
        },
      },
      { pollMs: this.env.TIMER_POLL_MS },
    );
    await this.timers.schedule(nextContactSweep(new Date()));
  }
}

/** The whole orders service, configured from its environment (read once, here). */
export function ordersAppModule(env: OrdersEnv = loadOrdersEnv()): DynamicModule {
  return {
    module: OrdersAppModule,
    imports: [
      EventingModule.forRoot({
        context: ORDERS_CONTEXT,
        storage: env.ORDERS_STORAGE,
        forward: env.ORDERS_ROLES.worker,
        events: [
          ...catalogueEvents,
          ...orderEvents,
          ...packageEvents,
          ...assignmentEvents,
          ...involvementEventDefinitions,
        ],
        readModels: ordersReadModels,
        consume: env.ORDERS_ROLES.worker,
      }),
      FilesModule.forRoot({ schema: env.ORDERS_STORAGE, access: OrderFileAccess }),
      federatedGraphQL({
        service: 'orders',
        typePaths: [join(__dirname, '**/*.graphql')],
        tokens: loadTokenConfig(),
        perRequest: ordersContext,
      }),
    ],
    controllers: [
      PartnerWebhookController,
      HealthController,
      AssignmentReactions,
      NewOrderAnnouncement,
      PackageWakeUps,
      ChannelCallbackReactions,
      OrderChangeAnnouncements,
    ],
    providers: [
      { provide: ORDERS_ENV, useValue: env },
      { provide: APP_FILTER, useClass: ExpectedErrorsFilter },
      DateTimeScalar,
      CommandRunner,
      ContactBook,
      OrderIntake,
      OrderBoardQueries,
      OrderInvolvement,
      OrderAccess,
      OrderFileAccess,
      LiveUpdates,
      ChatBot,
      FeatureSettings,
      {
        provide: CHAT_BOT_CONFIG,
        useValue: { webhookUrl: env.CHATBOT_WEBHOOK_URL, secret: env.CHATBOT_SECRET },
      },
      ChannelCallbacks,
      PackageScheduler,
      OrdersTimers,
      DemoData,
      OrderCommands,
      PlaceOrderResolver,
      RescheduleOrderResolver,
      CancelOrderResolver,
      CloseOrderResolver,
      CheckInResolver,
      RecordChecklistItemResolver,
      AddJobPhotoResolver,
      RequestSparePartResolver,
      CollectSignatureResolver,
      CompleteJobResolver,
      MaintainCatalogueResolver,
      SubscribePackageResolver,
      ChangePackageResolver,
      OrderBoardResolver,
      OrderFieldsResolver,
      OrderSubscriptionsResolver,
      ChannelCallbacksResolver,
      CatalogueResolver,
      PackagesResolver,
      PackageVisitResolver,
    ],
  };
}

@Module({})
class OrdersAppModule {}
