import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError } from '@platform/eventing';
import { CommandRunner, commandMeta } from '@platform/service-kit';
import { requireCustomerDesk, type WorkforceContext } from '../../platform/access';
import { regularWorkerDecider, regularWorkerStream } from '../regular-worker.decider';
import { RegularWorkers } from '../regular-workers';

/** What a customer is told instead, so they learn not whether a worker exists, left or is suspended. */
const hidden = ['WORKER_NOT_FOUND', 'WORKER_NOT_ACTIVE', 'WORKER_NOT_ELIGIBLE'];

@Resolver()
export class NameRegularWorkerResolver {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(RegularWorkers) private readonly regulars: RegularWorkers,
  ) {}

  @Mutation('nameRegularWorker')
  async nameRegularWorker(
    @Context() ctx: WorkforceContext,
    @Args('customerId') customerId: string,
    @Args('itemCode') itemCode: string,
    @Args('workerId') workerId: string,
  ) {
    requireCustomerDesk(ctx.caller, customerId, 'name regular workers');
    const { principal } = ctx.caller;
    const place = await this.regulars.placeOf(workerId);
    // CS names workers of its own branch; admins any.
    if (principal.role === 'cs_agent' && place && place.branchId !== principal.branch)
      throw new DomainError('WORKER_NOT_FOUND', `worker ${workerId} not found`, { field: 'workerId' });
    try {
      await this.regulars.name(
        customerId,
        itemCode,
        workerId,
        commandMeta(ctx.caller, `nameRegular:${customerId}:${itemCode}`),
      );
    } catch (error) {
      if (principal.role === 'customer' && error instanceof DomainError && hidden.includes(error.code))
        throw new DomainError(
          'WORKER_NOT_AVAILABLE',
          `worker ${workerId} cannot be your regular worker for ${itemCode}`,
          {
            field: 'workerId',
          },
        );
      throw error;
    }
    const state = await this.commands.load(regularWorkerDecider, regularWorkerStream(customerId, itemCode));
    const stationId = place?.stationId ?? '';
    return { customerId, itemCode, workerId: state.workerId, stationId };
  }
}
