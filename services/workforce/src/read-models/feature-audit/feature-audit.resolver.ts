import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { documentField, ReadModels } from '@platform/eventing';
import { requireRole } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { featureAudit, type FeatureAuditEntry } from './feature-audit.projection';

@Resolver()
export class FeatureAuditResolver {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Query('featureAudit')
  async featureAudit(@Context() ctx: WorkforceContext, @Args('branchId') branchId: string) {
    requireRole(ctx.caller, ['admin'], 'read the feature audit');
    const audit = this.readModels.documents(featureAudit);
    // Latest first; the instant as a timestamp, since ISO strings of one instant may be written differently.
    const { rows } = await audit.pool.query<{ document: FeatureAuditEntry }>(
      `SELECT document FROM ${audit.table} WHERE document IS NOT NULL AND ${documentField('branchId')} = $1
       ORDER BY (${documentField('at')})::timestamptz DESC, id`,
      [branchId],
    );
    return rows.map(({ document }) => document);
  }
}
