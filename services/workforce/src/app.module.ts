import type { DynamicModule } from '@nestjs/common';
import { allEvents } from '@platform/contracts';
import { ServiceModule } from '@platform/service-kit';
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
import { workforceReadModels } from './read-models/workforce-read-models';
import { Recognition } from './recognition/recognition';
import { RecognitionReactions } from './recognition/recognition.reactions';
import { ClearRegularWorkerResolver } from './regular-workers/clear-regular-worker/clear-regular-worker.resolver';
import { NameRegularWorkerResolver } from './regular-workers/name-regular-worker/name-regular-worker.resolver';
import { RegularWorkers } from './regular-workers/regular-workers';
import { RegularWorkersReactions } from './regular-workers/regular-workers.reactions';
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
import { EligibilityTimers } from './worker/eligibility-timers';
import { EligibilityReactions } from './worker/eligibility.reactions';
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
import {
  LeaderboardEntryWorkerResolver,
  WorkerQueriesResolver,
  WorkerReferenceResolver,
} from './worker/see-worker/worker.resolver';
import { SetWorkingHoursResolver } from './worker/set-working-hours/set-working-hours.resolver';
import { SubmitCertificateResolver } from './worker/submit-certificate/submit-certificate.resolver';
import { SuspendWorkerResolver } from './worker/suspend-worker/suspend-worker.resolver';
import { VerifyCertificateResolver } from './worker/verify-certificate/verify-certificate.resolver';
import { VisibleWorkers } from './worker/visible-workers';
import { WorkerCommands } from './worker/worker-commands';
import { loadWorkforceEnv, WORKFORCE_CONTEXT, WORKFORCE_ENV, type WorkforceEnv } from './workforce.config';

/** The whole workforce service, configured from its environment (read once, here). */
export function workforceAppModule(env: WorkforceEnv = loadWorkforceEnv()): DynamicModule {
  return ServiceModule.forRoot({
    service: WORKFORCE_CONTEXT,
    context: WORKFORCE_CONTEXT,
    storage: env.WORKFORCE_STORAGE,
    // Its own events, and those it consumes: orders' jobs and feedback's complaints and incidents.
    events: allEvents,
    consume: env.WORKFORCE_ROLES.worker,
    readModels: workforceReadModels,
    consumers: { 'read-models': { partitionsConcurrently: 4 }, reactions: { partitionsConcurrently: 4 } },
    graphql: {
      typePaths: [join(__dirname, '**/*.graphql')],
      perRequest: (caller): WorkforceContext => ({ caller }),
    },
    chatBot: { webhookUrl: env.CHATBOT_WEBHOOK_URL, secret: env.CHATBOT_SECRET },
    timerPollMs: env.TIMER_POLL_MS,
    imports: [StaffImportModule.forRoot(), LeaderboardModule],
    // Reactions of one event run in this order: a regular worker is announced before the naming is checked.
    controllers: [
      ScreeningWebhookController,
      EligibilityReactions,
      RecognitionReactions,
      RegularWorkersReactions,
    ],
    providers: [
      { provide: WORKFORCE_ENV, useValue: env },
      ProfileStore,
      WorkerCommands,
      EligibilityTimers,
      Recognition,
      RegularWorkers,
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
      LeaderboardEntryWorkerResolver,
      // Read models' queries.
      BranchesResolver,
      BranchFieldsResolver,
      FeatureAuditResolver,
      RegularWorkersResolver,
      PipelineBoardResolver,
    ],
    // What the import and leaderboard modules use of the worker pipeline.
    exports: [WORKFORCE_ENV, ProfileStore, WorkerCommands],
  });
}
