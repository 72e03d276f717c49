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
import { StaffImportModule } from './import/staff-import.module';
import { LeaderboardModule } from './leaderboard/leaderboard.module';
import { AppointStationLeaderResolver } from './organisation/appoint-station-leader/appoint-station-leader.resolver';
import { OpenBranchResolver } from './organisation/open-branch/open-branch.resolver';
import { OpenStationResolver } from './organisation/open-station/open-station.resolver';
import { FeatureSettingResolver } from './organisation/see-feature-setting/feature-setting.resolver';
import { StationResolver } from './organisation/see-station/station.resolver';
import { SwitchFeatureResolver } from './organisation/switch-feature/switch-feature.resolver';
import type { WorkforceContext } from './platform/access';
import { BranchesResolver, BranchFieldsResolver } from './read-models/branches/branches.resolver';
import { FeatureAuditResolver } from './read-models/feature-audit/feature-audit.resolver';
import { PipelineBoardResolver } from './read-models/pipeline-board/pipeline-board.resolver';
import { RegularWorkersResolver } from './read-models/regular-workers/regular-workers.resolver';
import { WorkforceTables } from './read-models/workforce-tables';
import { RECOGNITION_DAY_TIMER, Recognition } from './recognition/recognition';
import { ClearRegularWorkerResolver } from './regular-workers/clear-regular-worker/clear-regular-worker.resolver';
import { NameRegularWorkerResolver } from './regular-workers/name-regular-worker/name-regular-worker.resolver';
import { RegularWorkers } from './regular-workers/regular-workers';
import { DefineCourseResolver } from './training/define-course/define-course.resolver';
import { DefineExamResolver } from './training/define-exam/define-exam.resolver';
import { TrainingCatalogueResolver } from './training/see-training-catalogue/training-catalogue.resolver';
import { SetItemRequirementsResolver } from './training/set-item-requirements/set-item-requirements.resolver';
import { ActOnWorker } from './worker/act-on-worker';
import { ActivateWorkerResolver } from './worker/activate-worker/activate-worker.resolver';
import { ApplyAsWorkerResolver } from './worker/apply-as-worker/apply-as-worker.resolver';
import { CancelLeaveResolver } from './worker/cancel-leave/cancel-leave.resolver';
import { ChangeServiceAreasResolver } from './worker/change-service-areas/change-service-areas.resolver';
import { CompleteCourseResolver } from './worker/complete-course/complete-course.resolver';
import {
  CERTIFICATE_VALIDITY_TIMER,
  EligibilityTimers,
  REEVALUATION_TIMER,
} from './worker/eligibility-timers';
import { EraseWorkerProfileResolver } from './worker/erase-worker-profile/erase-worker-profile.resolver';
import { MoveWorkerResolver } from './worker/move-worker/move-worker.resolver';
import { ProfileStore } from './worker/profile-store';
import { RecordBackgroundCheckResolver } from './worker/record-background-check/record-background-check.resolver';
import { ScreeningWebhookController } from './worker/record-background-check/screening-webhook.controller';
import { RecordCourseAttendanceResolver } from './worker/record-course-attendance/record-course-attendance.resolver';
import { RecordExamResolver } from './worker/record-exam/record-exam.resolver';
import { RecordLeaveResolver } from './worker/record-leave/record-leave.resolver';
import { RecordLeavingResolver } from './worker/record-leaving/record-leaving.resolver';
import { RecordReferenceResolver } from './worker/record-reference/record-reference.resolver';
import { ReinstateWorkerResolver } from './worker/reinstate-worker/reinstate-worker.resolver';
import { RejectCertificateResolver } from './worker/reject-certificate/reject-certificate.resolver';
import { WorkerQueriesResolver, WorkerReferenceResolver } from './worker/see-worker/worker.resolver';
import { SetWorkingHoursResolver } from './worker/set-working-hours/set-working-hours.resolver';
import { SubmitCertificateResolver } from './worker/submit-certificate/submit-certificate.resolver';
import { SuspendWorkerResolver } from './worker/suspend-worker/suspend-worker.resolver';
import { VerifyCertificateResolver } from './worker/verify-certificate/verify-certificate.resolver';
import { VisibleWorkers } from './worker/visible-workers';
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
      VisibleWorkers,
      ActOnWorker,
      // One resolver per use case, in the folder of the use case (STYLE.md).
      OpenBranchResolver,
      OpenStationResolver,
      AppointStationLeaderResolver,
      StationResolver,
      SwitchFeatureResolver,
      FeatureSettingResolver,
      TrainingCatalogueResolver,
      DefineCourseResolver,
      DefineExamResolver,
      SetItemRequirementsResolver,
      NameRegularWorkerResolver,
      ClearRegularWorkerResolver,
      ApplyAsWorkerResolver,
      MoveWorkerResolver,
      SubmitCertificateResolver,
      VerifyCertificateResolver,
      RejectCertificateResolver,
      RecordReferenceResolver,
      RecordBackgroundCheckResolver,
      RecordCourseAttendanceResolver,
      CompleteCourseResolver,
      RecordExamResolver,
      ActivateWorkerResolver,
      SuspendWorkerResolver,
      ReinstateWorkerResolver,
      RecordLeavingResolver,
      EraseWorkerProfileResolver,
      SetWorkingHoursResolver,
      RecordLeaveResolver,
      CancelLeaveResolver,
      ChangeServiceAreasResolver,
      WorkerQueriesResolver,
      WorkerReferenceResolver,
      // Read models' queries.
      BranchesResolver,
      BranchFieldsResolver,
      FeatureAuditResolver,
      RegularWorkersResolver,
      PipelineBoardResolver,
    ],
  };
}

@Module({})
class WorkforceAppModule {}
