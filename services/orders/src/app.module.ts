import type { DynamicModule } from '@nestjs/common';
import { assignmentEvents, catalogueEvents, orderEvents, packageEvents } from '@platform/contracts';
import { ServiceModule } from '@platform/service-kit';
import { join } from 'node:path';
import { MaintainCatalogueResolver } from './catalogue/maintain-catalogue/maintain-catalogue.resolver';
import { ContactBook } from './contacts/contact-book';
import { DemoData } from './demo/demo-data';
import { FilesModule } from './files/files.module';
import { AddJobPhotoResolver } from './order/add-job-photo/add-job-photo.resolver';
import { NewOrderAnnouncement } from './order/announce-new-order/new-order-announcement';
import { CancelOrderResolver } from './order/cancel-order/cancel-order.resolver';
import { CheckInResolver } from './order/check-in/check-in.resolver';
import { CloseOrderResolver } from './order/close-order/close-order.resolver';
import { CollectSignatureResolver } from './order/collect-signature/collect-signature.resolver';
import { CompleteJobResolver } from './order/complete-job/complete-job.resolver';
import { OrderCommands } from './order/order-commands';
import { OrderIntake } from './order/place-order/order-intake';
import { PlaceOrderResolver } from './order/place-order/place-order.resolver';
import { AssignmentReactions } from './order/record-assignment/assignment-reactions';
import { RecordChecklistItemResolver } from './order/record-checklist-item/record-checklist-item.resolver';
import { RequestSparePartResolver } from './order/request-spare-part/request-spare-part.resolver';
import { RescheduleOrderResolver } from './order/reschedule-order/reschedule-order.resolver';
import { loadOrdersEnv, ORDERS_CONTEXT, ORDERS_ENV, type OrdersEnv } from './orders.config';
import { ChangePackageResolver } from './package/change-package/change-package.resolver';
import { PackageScheduler, PackageWakeUps } from './package/order-package-visits/package-scheduler';
import { SubscribePackageResolver } from './package/subscribe-package/subscribe-package.resolver';
import { ChannelCallbackReactions, ChannelCallbacks } from './partner-webhooks/channel-callbacks';
import { ChannelCallbacksResolver } from './partner-webhooks/channel-callbacks.resolver';
import { PartnerWebhookController } from './partner-webhooks/partner-webhook.controller';
import { OrderAccess } from './platform/order-access';
import { OrderFileAccess } from './platform/order-file-access';
import { ordersContext } from './platform/orders-context';
import { CatalogueResolver } from './read-models/catalogue/catalogue.resolver';
import { involvementEventDefinitions, OrderInvolvement } from './read-models/involvement/order-involvement';
import { OrderBoardQueries } from './read-models/order-board/order-board.queries';
import { OrderBoardResolver } from './read-models/order-board/order-board.resolver';
import { LiveUpdates, OrderChangeAnnouncements } from './read-models/order-changes/live-updates';
import { OrderSubscriptionsResolver } from './read-models/order-changes/order-subscriptions.resolver';
import { OrderFieldsResolver } from './read-models/order-detail/order-detail.resolver';
import { ordersReadModels } from './read-models/orders-read-models';
import { PackagesResolver, PackageVisitResolver } from './read-models/packages/packages.resolver';

/**
 * The whole orders service, configured from its environment (read once, here). A process with
 * the worker role runs the consumers, the forwarder and the timers; one with the api role only
 * serves HTTP (ORDERS_ROLES).
 */
export function ordersAppModule(env: OrdersEnv = loadOrdersEnv()): DynamicModule {
  return ServiceModule.forRoot({
    service: 'orders',
    context: ORDERS_CONTEXT,
    storage: env.ORDERS_STORAGE,
    events: [...catalogueEvents, ...orderEvents, ...packageEvents, ...assignmentEvents, ...involvementEventDefinitions],
    readModels: ordersReadModels,
    consume: env.ORDERS_ROLES.worker,
    graphql: { typePaths: [join(__dirname, '**/*.graphql')], perRequest: ordersContext },
    chatBot: { webhookUrl: env.CHATBOT_WEBHOOK_URL, secret: env.CHATBOT_SECRET },
    timerPollMs: env.TIMER_POLL_MS,
    imports: [FilesModule.forRoot({ schema: env.ORDERS_STORAGE, access: OrderFileAccess })],
    controllers: [
      PartnerWebhookController,
      AssignmentReactions,
      NewOrderAnnouncement,
      PackageWakeUps,
      ChannelCallbackReactions,
      OrderChangeAnnouncements,
    ],
    providers: [
      { provide: ORDERS_ENV, useValue: env },
      ContactBook,
      OrderIntake,
      OrderCommands,
      OrderBoardQueries,
      OrderInvolvement,
      OrderAccess,
      OrderFileAccess,
      LiveUpdates,
      ChannelCallbacks,
      PackageScheduler,
      DemoData,
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
  });
}
