import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { documentField, ReadModels } from '@platform/eventing';
import { requireCustomerDesk, type WorkforceContext } from '../../platform/access';
import { regularWorkers, type RegularWorkerRow } from './regular-workers.projection';

@Resolver()
export class RegularWorkersResolver {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Query('regularWorkers')
  async regularWorkers(@Context() ctx: WorkforceContext, @Args('customerId') customerId: string) {
    requireCustomerDesk(ctx.caller, customerId, 'see regular workers');
    const rows = this.readModels.documents(regularWorkers);
    const { rows: found } = await rows.pool.query<{ document: RegularWorkerRow }>(
      `SELECT document FROM ${rows.table} WHERE document IS NOT NULL AND ${documentField('customerId')} = $1
       ORDER BY ${documentField('itemCode')}`,
      [customerId],
    );
    return found.map(({ document }) => document);
  }
}
