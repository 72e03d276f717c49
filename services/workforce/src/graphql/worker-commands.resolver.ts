import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { WorkerApplied } from '@platform/contracts';
import { DomainError } from '@platform/eventing';
import { badInput, commandMeta, requireRole, zodProblems } from '@platform/service-kit';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { maySee, requireManager, workforceScope } from '../platform/access';
import { ProfileStore } from '../worker/profile-store';
import { WorkerCommands, type WorkerRequest } from '../worker/worker-commands';
import type { WeeklyHours } from '../worker/worker.decider';
import { WorkerQueriesResolver, type WorkforceContext } from './worker.resolver';
import { businessDay } from '@platform/domain-kit';

/** Personal data is checked here: it never reaches an event, so no event schema checks it. */
const profileSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[^\u0000-\u001f]*$/, 'must not contain control characters'),
  phone: z.string().regex(/^1[3-9]\d{9}$/, 'must be a mainland mobile number such as 13812345678'),
  // 'Today' is the day in Shanghai, where the branches work: until 08:00 there, UTC is still on the
  // day before, and someone born today would be refused.
  birthday: z.iso.date().refine((d) => d >= '1940-01-01' && d <= businessDay(new Date()), {
    message: 'must be a date between 1940-01-01 and today',
  }),
});
const day = z.iso.date();
const applicationSchema = WorkerApplied.schema.omit({ workerId: true, profileId: true, branchId: true });

type Who = 'manager' | 'manager or the worker';

@Resolver()
export class WorkerCommandsResolver {
  constructor(
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(ProfileStore) private readonly profiles: ProfileStore,
    @Inject(WorkerQueriesResolver) private readonly queries: WorkerQueriesResolver,
  ) {}

  /** Checks the caller may act on the worker (at their current station), runs, answers the worker. */
  private async act(
    ctx: WorkforceContext,
    workerId: string,
    what: string,
    request: WorkerRequest,
    who: Who = 'manager',
  ) {
    const { principal } = ctx.caller;
    const state = await this.workers.load(workerId);
    // Outsiders learn nothing: a worker they may not manage looks like a missing one.
    if (
      state.status === 'none' ||
      !maySee(workforceScope(principal), {
        workerId,
        stationId: state.worker.stationId,
        branchId: state.worker.branchId,
      })
    )
      throw new DomainError('WORKER_NOT_FOUND', `worker ${workerId} not found`, { field: 'workerId' });
    const self = principal.role === 'worker' && principal.sub === workerId;
    if (!(who === 'manager or the worker' && self)) requireManager(principal, state.worker.stationId, what);
    await this.workers.run(workerId, request, commandMeta(ctx.caller, `${request.type}:${workerId}`));
    return this.queries.visibleWorker(ctx.caller, workerId);
  }

  @Mutation('applyAsWorker')
  async applyAsWorker(
    @Context() ctx: WorkforceContext,
    @Args('input')
    input: {
      name: string;
      phone: string;
      birthday: string;
      stationId: string;
      jobTypes: string[];
      languages: string[];
      experienceYears: number;
      homeLocation: { lat: number; lng: number };
      serviceAreas: string[];
    },
  ) {
    requireManager(ctx.caller.principal, input.stationId, 'register applicants');
    // All of it is checked before the profile is stored: a refused application leaves no personal data behind.
    const profile = profileSchema.safeParse(input);
    const application = applicationSchema.safeParse(input);
    const problems = [
      ...(profile.success ? [] : zodProblems(profile.error, 'input')),
      ...(application.success ? [] : zodProblems(application.error, 'input')),
    ];
    if (!profile.success || problems.length > 0) throw badInput(problems);
    const meta = commandMeta(ctx.caller, 'applyAsWorker');
    // A retried request (same Idempotency-Key) names the same worker, so it applies once.
    const workerId = ctx.caller.idempotencyKey
      ? `w-${meta.commandId.replace(/[^A-Za-z0-9-]/g, '').slice(-24)}`
      : undefined;
    const { workerId: applied } = await this.workers.apply(
      { ...input, ...profile.data, ...(workerId ? { workerId } : {}) },
      meta,
    );
    return this.queries.visibleWorker(ctx.caller, applied);
  }

  @Mutation('moveWorker')
  async moveWorker(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('stationId') stationId: string,
  ) {
    requireRole(ctx.caller, ['admin', 'station_leader'], 'move workers between stations');
    // The receiving station must be the caller's too: a leader cannot hand workers to another team.
    requireManager(ctx.caller.principal, stationId, 'move workers into a station');
    return this.act(ctx, workerId, 'move workers', { type: 'MoveStation', stationId, branchId: '' });
  }

  @Mutation('submitCertificate')
  submitCertificate(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('input') input: { type: never; number: string; issuer: string; validFrom: string; validTo: string },
  ) {
    const dates = z.object({ validFrom: day, validTo: day }).safeParse(input);
    if (!dates.success) throw badInput(zodProblems(dates.error, 'input'));
    const certificateId = randomUUID();
    return this.act(
      ctx,
      workerId,
      'submit certificates',
      { type: 'SubmitCertificate', at: new Date(), certificate: { certificateId, ...input } },
      'manager or the worker',
    );
  }

  @Mutation('verifyCertificate')
  verifyCertificate(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('certificateId') certificateId: string,
  ) {
    return this.act(ctx, workerId, 'verify certificates', { type: 'VerifyCertificate', certificateId });
  }

  @Mutation('rejectCertificate')
  rejectCertificate(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('certificateId') certificateId: string,
    @Args('reason') reason: string,
  ) {
    return this.act(ctx, workerId, 'reject certificates', {
      type: 'RejectCertificate',
      certificateId,
      reason,
    });
  }

  @Mutation('recordReference')
  recordReference(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('input') input: { employer: string; outcome: 'positive' | 'negative'; note: string },
  ) {
    return this.act(ctx, workerId, 'record references', {
      type: 'RecordReference',
      referenceId: randomUUID(),
      ...input,
      note: input.note ?? '',
    });
  }

  @Mutation('recordBackgroundCheck')
  recordBackgroundCheck(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('checkId') checkId: string,
    @Args('result') result: 'clear' | 'consider' | 'failed',
  ) {
    return this.act(ctx, workerId, 'record background checks', {
      type: 'RecordBackgroundCheck',
      checkId,
      result,
      source: 'manual',
    });
  }

  @Mutation('recordCourseAttendance')
  recordCourseAttendance(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('courseCode') courseCode: string,
    @Args('sessionId') sessionId: string,
    @Args('on') on: string,
  ) {
    if (!day.safeParse(on).success) throw badInput([{ field: 'on', reason: 'must be a date YYYY-MM-DD' }]);
    return this.act(ctx, workerId, 'record attendance', { type: 'AttendCourse', courseCode, sessionId, on });
  }

  @Mutation('completeCourse')
  completeCourse(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('courseCode') courseCode: string,
  ) {
    return this.act(ctx, workerId, 'record completed courses', { type: 'CompleteCourse', courseCode });
  }

  @Mutation('recordExam')
  recordExam(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('examCode') examCode: string,
    @Args('kind') kind: 'theory' | 'practical',
    @Args('score') score: number,
  ) {
    if (!(score >= 0 && score <= 100))
      throw badInput([{ field: 'score', reason: 'must be between 0 and 100' }]);
    return this.act(ctx, workerId, 'record exams', { type: 'TakeExam', examCode, kind, score });
  }

  @Mutation('activateWorker')
  activateWorker(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('employedSince') employedSince?: string,
  ) {
    if (employedSince !== undefined && employedSince !== null && !day.safeParse(employedSince).success)
      throw badInput([{ field: 'employedSince', reason: 'must be a date YYYY-MM-DD' }]);
    return this.act(ctx, workerId, 'activate workers', {
      type: 'ActivateWorker',
      ...(employedSince ? { employedSince } : {}),
    });
  }

  @Mutation('suspendWorker')
  suspendWorker(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('reason') reason: string,
  ) {
    return this.act(ctx, workerId, 'suspend workers', { type: 'SuspendWorker', reason });
  }

  @Mutation('reinstateWorker')
  reinstateWorker(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('reason') reason: string,
  ) {
    return this.act(ctx, workerId, 'reinstate workers', { type: 'ReinstateWorker', reason });
  }

  @Mutation('recordLeaving')
  recordLeaving(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('reason') reason: string,
  ) {
    return this.act(ctx, workerId, 'record leaving', { type: 'RecordLeaving', reason });
  }

  @Mutation('eraseWorkerProfile')
  async eraseWorkerProfile(@Context() ctx: WorkforceContext, @Args('workerId') workerId: string) {
    requireRole(ctx.caller, ['admin'], 'erase personal data');
    return this.profiles.erase(workerId);
  }

  @Mutation('setWorkingHours')
  setWorkingHours(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('weekly') weekly: WeeklyHours,
  ) {
    return this.act(
      ctx,
      workerId,
      'set working hours',
      { type: 'SetWorkingHours', weekly },
      'manager or the worker',
    );
  }

  @Mutation('recordLeave')
  recordLeave(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('input') input: { kind: 'annual' | 'sick' | 'personal'; from: string; to: string },
  ) {
    const dates = z.object({ from: day, to: day }).safeParse(input);
    if (!dates.success) throw badInput(zodProblems(dates.error, 'input'));
    return this.act(
      ctx,
      workerId,
      'record leave',
      { type: 'RecordLeave', leaveId: randomUUID(), ...input },
      'manager or the worker',
    );
  }

  @Mutation('cancelLeave')
  cancelLeave(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('leaveId') leaveId: string,
  ) {
    return this.act(ctx, workerId, 'cancel leave', { type: 'CancelLeave', leaveId }, 'manager or the worker');
  }

  @Mutation('changeServiceAreas')
  changeServiceAreas(
    @Context() ctx: WorkforceContext,
    @Args('workerId') workerId: string,
    @Args('serviceAreas') serviceAreas: string[],
  ) {
    return this.act(
      ctx,
      workerId,
      'change service areas',
      { type: 'ChangeServiceAreas', serviceAreas },
      'manager or the worker',
    );
  }
}
