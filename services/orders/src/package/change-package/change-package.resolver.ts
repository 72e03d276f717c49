import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError } from '@platform/eventing';
import { CommandRunner, commandMeta, requireRole, type Caller } from '@platform/service-kit';
import { maySeeIgnoringOffers, orderDeskRoles, orderScope } from '../../platform/access';
import type { OrdersContext } from '../../platform/orders-context';
import { packageDecider, packageStream, type PackageCommand } from '../package.decider';
import { packageView } from '../package-view';

/** A package's customer or the order desk pauses, resumes or cancels it; its orders follow its status. */
@Resolver()
export class ChangePackageResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  private async change(caller: Caller, packageId: string, command: PackageCommand, operation: string) {
    requireRole(caller, ['customer', ...orderDeskRoles], 'change packages');
    const state = await this.commands.load(packageDecider, packageStream(packageId));
    if (
      state.status === 'none' ||
      !maySeeIgnoringOffers(orderScope(caller.principal), { ...state.terms, workerId: null })
    ) {
      // Another's package answers exactly like a missing one (NOT_FOUND, as orders do).
      throw new DomainError('PACKAGE_NOT_FOUND', `package ${packageId} not found`);
    }
    await this.commands.run(
      packageDecider,
      packageStream(packageId),
      command,
      commandMeta(caller, `${operation}:${packageId}`),
    );
    return packageView(packageId, await this.commands.load(packageDecider, packageStream(packageId)));
  }

  @Mutation('pausePackage')
  pause(
    @Context() { caller }: OrdersContext,
    @Args('packageId') packageId: string,
    @Args('reason') reason: string,
  ) {
    return this.change(caller, packageId, { type: 'PausePackage', reason }, 'pause');
  }

  @Mutation('resumePackage')
  resume(@Context() { caller }: OrdersContext, @Args('packageId') packageId: string) {
    return this.change(caller, packageId, { type: 'ResumePackage' }, 'resume');
  }

  @Mutation('cancelPackage')
  cancel(
    @Context() { caller }: OrdersContext,
    @Args('packageId') packageId: string,
    @Args('reason') reason: string,
  ) {
    return this.change(caller, packageId, { type: 'CancelPackage', reason }, 'cancel');
  }
}

