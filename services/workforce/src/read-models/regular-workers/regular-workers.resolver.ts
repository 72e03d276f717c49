import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { PG_POOL } from '@platform/eventing';
import type { Pool } from 'pg';
import { requireCustomerDesk, type WorkforceContext } from '../../platform/access';
import { WorkforceTables } from '../workforce-tables';

@Resolver()
export class RegularWorkersResolver {
  constructor(
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Query('regularWorkers')
  async regularWorkers(@Context() ctx: WorkforceContext, @Args('customerId') customerId: string) {
    requireCustomerDesk(ctx.caller, customerId, 'see regular workers');
    await this.tables.ensure();
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.tables.regulars} WHERE customer_id = $1 ORDER BY item_code`,
      [customerId],
    );
    return rows.map((row) => ({
      customerId: row.customer_id,
      itemCode: row.item_code,
      workerId: row.worker_id,
      stationId: row.station_id,
    }));
  }
}
