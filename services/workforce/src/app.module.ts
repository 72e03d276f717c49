import { Global, Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
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
} from '@platform/service-kit';
import { join } from 'node:path';
import { DemoData } from './demo/demo-data';
import { BranchFieldsResolver, OrganisationResolver } from './graphql/organisation.resolver';
import { WorkerCommandsResolver } from './graphql/worker-commands.resolver';
import {
  WorkerQueriesResolver,
  WorkerReferenceResolver,
  type WorkforceContext,
} from './graphql/worker.resolver';
import { StaffImportModule } from './import/staff-import.module';
import { LeaderboardModule } from './leaderboard/leaderboard.module';
import { WorkforceTables } from './read-models/workforce-tables';
import { RECOGNITION_DAY_TIMER, Recognition } from './recognition/recognition';
import { RegularWorkers } from './regular-workers/regular-workers';
import { ScreeningWebhookController } from './screening/screening-webhook.controller';
import {
  CERTIFICATE_VALIDITY_TIMER,
  EligibilityTimers,
  REEVALUATION_TIMER,
} from './worker/eligibility-timers';
import { ProfileStore } from './worker/profile-store';
import { WorkerCommands } from './worker/worker-commands';
import { WorkforceConsumers } from './workforce-consumers';
import { loadWorkforceEnv, WORKFORCE_CONTEXT, WORKFORCE_ENV, type WorkforceEnv } from './workforce.config';

/** Starts the durable timers with handlers that live in this module's providers. */
class WorkforceTimers implements OnApplicationBootstrap {
  constructor(
    @Inject(WORKFORCE_ENV) private readonly env: WorkforceEnv,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(ChatBot) private readonly chat: ChatBot,
    @Inject(EligibilityTimers) private readonly eligibility: EligibilityTimers,
    @Inject(Recognition) private readonly recognition: Recognition,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.WORKFORCE_ROLES.worker) return;
    this.timers.start(
      {
        [CHAT_MESSAGE_TIMER]: this.chat.deliver,
        [CERTIFICATE_VALIDITY_TIMER]: this.eligibility.onValidityEdge,
        [REEVALUATION_TIMER]: this.eligibility.reevaluateAll,
        [RECOGNITION_DAY_TIMER]: this.recognition.remind,
      },
      { pollMs: this.env.TIMER_POLL_MS },
    );
  }
}

/** The worker pipeline's core, shared with the feature modules (import, leaderboard). */
@Global()
@Module({})
class WorkforceCoreModule {
  static forRoot(env: WorkforceEnv): DynamicModule {
    const providers = [
      { provide: WORKFORCE_ENV, useValue: env },
      CommandRunner,
      ProfileStore,
      WorkerCommands,
      WorkforceTables,
      FeatureSettings,
    ];
    return { module: WorkforceCoreModule, providers, exports: providers };
  }
}

/** The whole workforce service, configured from its environment (read once, here). */
export function workforceAppModule(env: WorkforceEnv = loadWorkforceEnv()): DynamicModule {
  return {
    module: WorkforceAppModule,
    imports: [
      EventingModule.forRoot({
        context: WORKFORCE_CONTEXT,
        storage: env.WORKFORCE_STORAGE,
        forward: env.WORKFORCE_ROLES.worker,
        // Its own events, and those it consumes: orders' jobs and feedback's complaints and incidents.
        events: allEvents,
      }),
      WorkforceCoreModule.forRoot(env),
      StaffImportModule.forRoot(),
      LeaderboardModule.forRoot({ consume: env.WORKFORCE_ROLES.worker }),
      federatedGraphQL({
        service: WORKFORCE_CONTEXT,
        typePaths: [join(__dirname, '**/*.graphql')],
        tokens: loadTokenConfig(),
        perRequest: (caller): WorkforceContext => ({ caller }),
      }),
    ],
    controllers: [ScreeningWebhookController, HealthController],
    providers: [
      { provide: APP_FILTER, useClass: ExpectedErrorsFilter },
      {
        provide: CHAT_BOT_CONFIG,
        useValue: { webhookUrl: env.CHATBOT_WEBHOOK_URL, secret: env.CHATBOT_SECRET },
      },
      ChatBot,
      DateTimeScalar,
      EligibilityTimers,
      Recognition,
      RegularWorkers,
      WorkforceConsumers,
      WorkforceTimers,
      DemoData,
      WorkerQueriesResolver,
      WorkerReferenceResolver,
      WorkerCommandsResolver,
      OrganisationResolver,
      BranchFieldsResolver,
    ],
  };
}

@Module({})
class WorkforceAppModule {}
