import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { DomainError, ReadModels } from '@platform/eventing';
import { forbidden } from '@platform/service-kit';
import { dispatchAccess } from '../../platform/access';
import type { DispatchContext } from '../../platform/dispatch-context';
import { dispatchOutcomes } from './dispatch-outcomes.read-model';
import { dispatchStats, shanghaiWeek } from './dispatch-stats.queries';

interface DispatchStatsFilter {
  from: Date;
  to: Date;
  branchId?: string | null;
  topWorkers?: number | null;
}

/** The branch the caller's figures are counted for (null: every branch), or a refusal. */
function branchOf(ctx: DispatchContext, asked: string | null | undefined): string | null {
  const access = dispatchAccess(ctx.caller.principal);
  if (access.kind === 'all') return asked ?? null;
  if (access.kind === 'branch') {
    if (asked && asked !== access.branchId) throw forbidden(`you see ${access.branchId}, not ${asked}`);
    return access.branchId;
  }
  // A station leader's part of a branch is not what these branch-wide figures count.
  throw forbidden(access.kind === 'none' ? access.reason : 'the dispatch dashboard is for branch staff');
}

@Resolver()
export class DispatchStatsResolver {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Query('dispatchStats')
  async dispatchStats(@Context() ctx: DispatchContext, @Args('filter') filter: DispatchStatsFilter) {
    const branchId = branchOf(ctx, filter.branchId);
    const from = new Date(filter.from);
    const to = new Date(filter.to);
    if (!(to.getTime() > from.getTime()) || to.getTime() - from.getTime() > 400 * 86_400_000)
      throw new DomainError('INVALID_RANGE', 'to must be after from, at most 400 days later', { field: 'filter.to' });
    const topWorkers = Math.min(50, Math.max(1, filter.topWorkers ?? 10));
    return dispatchStats(this.readModels.documents(dispatchOutcomes), {
      branchId,
      from,
      to,
      week: shanghaiWeek(new Date()),
      topWorkers,
    });
  }
}
