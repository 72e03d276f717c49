import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { requireRole } from '@platform/service-kit';
import type { WorkforceContext } from '../../platform/access';
import { ProfileStore } from '../profile-store';

@Resolver()
export class EraseWorkerProfileResolver {
  constructor(@Inject(ProfileStore) private readonly profiles: ProfileStore) {}

  @Mutation('eraseWorkerProfile')
  eraseWorkerProfile(@Context() ctx: WorkforceContext, @Args('workerId') workerId: string) {
    requireRole(ctx.caller, ['admin'], 'erase personal data');
    return this.profiles.erase(workerId);
  }
}
