import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { commandMeta } from '@platform/service-kit';
import { requireCustomerDesk, type WorkforceContext } from '../../platform/access';
import { RegularWorkers } from '../regular-workers';

@Resolver()
export class ClearRegularWorkerResolver {
  constructor(@Inject(RegularWorkers) private readonly regulars: RegularWorkers) {}

  @Mutation('clearRegularWorker')
  async clearRegularWorker(
    @Context() ctx: WorkforceContext,
    @Args('customerId') customerId: string,
    @Args('itemCode') itemCode: string,
  ) {
    requireCustomerDesk(ctx.caller, customerId, 'clear regular workers');
    const outcome = await this.regulars.clear(
      customerId,
      itemCode,
      commandMeta(ctx.caller, `clearRegular:${customerId}:${itemCode}`),
    );
    return outcome.status === 'appended';
  }
}
