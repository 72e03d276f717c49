import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { loadTokenConfig } from '@platform/auth';
import { assignmentEvents, catalogueEvents, orderEvents, packageEvents } from '@platform/contracts';
import { DurableTimers, EventingModule } from '@platform/eventing';
import { GraphQLError } from 'graphql';
import { join } from 'node:path';
import { CatalogueResolver } from './catalogue/catalogue.resolver';
import { CHAT_PUSH_TIMER, ChatPush } from './chat-push/chat-push';
import { ContactBook } from './contacts/contact-book';
import { DemoData } from './demo/demo-data';
import { AssignmentReactions } from './dispatch-reactions/assignment-reactions';
import { FilesModule } from './files/files.module';
import { DateTimeScalar } from './graphql/date-time.scalar';
import { graphqlContext } from './graphql/graphql-context';
import { OrderFieldsResolver, OrderQueriesResolver } from './graphql/order.resolver';
import { HealthController } from './health.controller';
import { LiveUpdates } from './live/live-updates';
import { OrderSubscriptionsResolver } from './live/order-subscriptions.resolver';
import { OrderCommandsResolver } from './order/order-commands.resolver';
import { OrderIntake } from './order/place-order/order-intake';
import { loadOrdersEnv, ORDERS_CONTEXT, ORDERS_ENV, type OrdersEnv } from './orders.config';
import { PACKAGE_HORIZON_TIMER, PackageScheduler } from './package/package-scheduler';
import { PackageResolver, PackageVisitResolver } from './package/package.resolver';
import { CHANNEL_CALLBACK_TIMER, ChannelCallbacks } from './partner-webhooks/channel-callbacks';
import { PartnerWebhookController } from './partner-webhooks/partner-webhook.controller';
import { ExpectedErrorsFilter } from './platform/expected-errors.filter';
import { formatGraphQLError } from './platform/graphql-errors';
import { CommandRunner } from './platform/command-runner';
import { ReactionsConsumer } from './reactions-consumer';
import { OrderBoardQueries } from './read-models/order-board/order-board.queries';
import { OrderBoardTable } from './read-models/order-board/order-board.table';
import { OrderDetailTable } from './read-models/order-detail/order-detail.table';
import { ReadModelConsumer } from './read-models/read-model-consumer';
import { ReadModelRebuild } from './read-models/rebuild';

/** Starts the durable timers with handlers that live in this module's providers. */
class OrdersTimers implements OnApplicationBootstrap {
  constructor(
    @Inject(ORDERS_ENV) private readonly env: OrdersEnv,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(ChatPush) private readonly chat: ChatPush,
    @Inject(ChannelCallbacks) private readonly callbacks: ChannelCallbacks,
    @Inject(PackageScheduler) private readonly packages: PackageScheduler,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.ORDERS_ROLES.worker) return;
    this.timers.start(
      {
        [CHAT_PUSH_TIMER]: this.chat.deliver,
        [CHANNEL_CALLBACK_TIMER]: this.callbacks.deliver,
        [PACKAGE_HORIZON_TIMER]: this.packages.run,
      },
      { pollMs: this.env.TIMER_POLL_MS },
    );
  }
}

/** What graphql-ws hands `onConnect`; with its `ws` adapter, `extra.socket` is the WebSocket. */
type SocketContext = { connectionParams?: Record<string, unknown>; extra: unknown };

/**
 * graphql-ws checks the bearer token when the socket connects: a missing or bad one closes it with
 * 4401 and the reason (rather than 4500, as an error from the first subscribe's context would).
 */
function authenticateSocket(context: ReturnType<typeof graphqlContext>) {
  return async ({ connectionParams, extra }: SocketContext): Promise<boolean> => {
    try {
      await context({ connectionParams });
      return true;
    } catch (error) {
      if (!(error instanceof GraphQLError) || error.extensions.code !== 'UNAUTHENTICATED') throw error;
      // A close reason may hold at most 123 bytes.
      (extra as { socket: { close(code: number, reason: string): void } }).socket.close(
        4401,
        error.message.slice(0, 123),
      );
      return false;
    }
  };
}

/** The whole orders service, configured from its environment (read once, here). */
export function ordersAppModule(env: OrdersEnv = loadOrdersEnv()): DynamicModule {
  const context = graphqlContext(loadTokenConfig());
  return {
    module: OrdersAppModule,
    imports: [
      EventingModule.forRoot({
        context: ORDERS_CONTEXT,
        storage: env.ORDERS_STORAGE,
        forward: env.ORDERS_ROLES.worker,
        events: [...catalogueEvents, ...orderEvents, ...packageEvents, ...assignmentEvents],
      }),
      FilesModule.forRoot({ schema: env.ORDERS_STORAGE }),
      GraphQLModule.forRoot<ApolloFederationDriverConfig>({
        driver: ApolloFederationDriver,
        typePaths: [join(__dirname, '**/*.graphql')],
        path: '/graphql',
        context,
        subscriptions: { 'graphql-ws': { onConnect: authenticateSocket(context) } },
        formatError: formatGraphQLError,
        playground: false,
        introspection: true,
        includeStacktraceInErrorResponses: false,
      }),
    ],
    controllers: [PartnerWebhookController, HealthController],
    providers: [
      { provide: ORDERS_ENV, useValue: env },
      { provide: APP_FILTER, useClass: ExpectedErrorsFilter },
      DateTimeScalar,
      CommandRunner,
      ContactBook,
      OrderIntake,
      OrderBoardQueries,
      OrderBoardTable,
      OrderDetailTable,
      LiveUpdates,
      ChatPush,
      ChannelCallbacks,
      PackageScheduler,
      AssignmentReactions,
      ReadModelConsumer,
      ReadModelRebuild,
      ReactionsConsumer,
      OrdersTimers,
      DemoData,
      OrderQueriesResolver,
      OrderFieldsResolver,
      OrderCommandsResolver,
      OrderSubscriptionsResolver,
      CatalogueResolver,
      PackageResolver,
      PackageVisitResolver,
    ],
  };
}

@Module({})
class OrdersAppModule {}
