import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { WorkerApplied } from '@platform/contracts';
import { businessDay } from '@platform/domain-kit';
import { badInput, commandMeta, zodProblems } from '@platform/service-kit';
import { z } from 'zod';
import { requireManager, type WorkforceContext } from '../../platform/access';
import { VisibleWorkers } from '../visible-workers';
import { WorkerCommands } from '../worker-commands';

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
const applicationSchema = WorkerApplied.schema.omit({ workerId: true, profileId: true, branchId: true });

@Resolver()
export class ApplyAsWorkerResolver {
  constructor(
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(VisibleWorkers) private readonly visible: VisibleWorkers,
  ) {}

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
    return this.visible.visibleWorker(ctx.caller, applied);
  }
}
