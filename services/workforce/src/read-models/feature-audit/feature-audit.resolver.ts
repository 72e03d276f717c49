import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { PG_POOL } from '@platform/eventing';
import { requireRole } from '@platform/service-kit';
import type { Pool } from 'pg';
import type { WorkforceContext } from '../../platform/access';
import { WorkforceTables } from '../workforce-tables';

@Resolver()
export class FeatureAuditResolver {
  constructor(
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Query('featureAudit')
  async featureAudit(@Context() ctx: WorkforceContext, @Args('branchId') branchId: string) {
    requireRole(ctx.caller, ['admin'], 'read the feature audit');
    await this.tables.ensure();
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.tables.featureAudit} WHERE branch_id = $1 ORDER BY occurred_at DESC, event_id`,
      [branchId],
    );
    return rows.map((row) => ({
      businessUnit: row.business_unit,
      feature: row.feature,
      enabled: row.enabled,
      reason: row.reason,
      actorId: row.actor_id,
      actorRole: row.actor_role,
      at: row.occurred_at,
    }));
  }
}
