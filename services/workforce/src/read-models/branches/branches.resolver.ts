import { Inject } from '@nestjs/common';
import { Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PG_POOL } from '@platform/eventing';
import type { Pool } from 'pg';
import { requireStaff, type WorkforceContext } from '../../platform/access';
import { WorkforceTables } from '../workforce-tables';

@Resolver()
export class BranchesResolver {
  constructor(
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Query('branches')
  async branches(@Context() ctx: WorkforceContext) {
    requireStaff(ctx.caller, 'see branches');
    await this.tables.ensure();
    const { rows } = await this.pool.query(`SELECT * FROM ${this.tables.branches} ORDER BY branch_id`);
    return rows.map((row) => ({
      id: row.branch_id,
      name: { zh: row.name_zh, en: row.name_en },
      city: row.city,
      businessUnits: row.business_units,
      switches: row.switches as Record<string, boolean>,
    }));
  }
}

@Resolver('Branch')
export class BranchFieldsResolver {
  constructor(
    @Inject(WorkforceTables) private readonly tables: WorkforceTables,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @ResolveField('stations')
  async stations(@Parent() branch: { id: string }) {
    const { rows } = await this.pool.query(
      `SELECT * FROM ${this.tables.stations} WHERE branch_id = $1 ORDER BY station_id`,
      [branch.id],
    );
    return rows.map((row) => ({
      id: row.station_id,
      branchId: row.branch_id,
      name: { zh: row.name_zh, en: row.name_en },
      leaderId: row.leader_id,
      districts: row.districts,
    }));
  }

  @ResolveField('features')
  features(@Parent() branch: { id: string; switches: Record<string, boolean> }) {
    return Object.entries(branch.switches ?? {}).map(([key, enabled]) => {
      const [businessUnit, feature] = key.split('/');
      return {
        branchId: branch.id,
        businessUnit,
        feature,
        enabled,
        source: businessUnit === 'all' ? 'branch' : 'business_unit',
      };
    });
  }
}
