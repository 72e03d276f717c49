import { Inject } from '@nestjs/common';
import { Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ReadModels } from '@platform/eventing';
import { requireStaff, type WorkforceContext } from '../../platform/access';
import { branchDirectory, stationDirectory } from './branches.projection';

@Resolver()
export class BranchesResolver {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Query('branches')
  async branches(@Context() ctx: WorkforceContext) {
    requireStaff(ctx.caller, 'see branches');
    const branches = await this.readModels.documents(branchDirectory).find({});
    return branches.map(({ branchId, ...branch }) => ({ id: branchId, ...branch }));
  }
}

@Resolver('Branch')
export class BranchFieldsResolver {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @ResolveField('stations')
  async stations(@Parent() branch: { id: string }) {
    const stations = await this.readModels.documents(stationDirectory).find({ branchId: branch.id });
    return stations.map((station) => ({ id: station.stationId, ...station }));
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
