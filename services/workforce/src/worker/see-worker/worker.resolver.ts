import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { forbidden } from '@platform/service-kit';
import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { requireCustomerFields, type WorkforceContext } from '../../platform/access';
import { VisibleWorkers } from '../visible-workers';

@Resolver()
export class WorkerQueriesResolver {
  constructor(@Inject(VisibleWorkers) private readonly workers: VisibleWorkers) {}

  @Query('worker')
  worker(@Context() ctx: WorkforceContext, @Args('id') id: string) {
    return this.workers.visibleWorker(ctx.caller, id);
  }

  @Query('me')
  me(@Context() ctx: WorkforceContext) {
    if (ctx.caller.principal.role !== 'worker') throw forbidden('`me` is for workers; staff use worker(id)');
    return this.workers.visibleWorker(ctx.caller, ctx.caller.principal.sub);
  }
}

@Resolver('Worker')
export class WorkerReferenceResolver {
  constructor(@Inject(VisibleWorkers) private readonly workers: VisibleWorkers) {}

  /**
   * Another subgraph's reference (e.g. an order's worker) resolves within the caller's scope; for a
   * customer, who has no scope over workers, to the name the worker is introduced by and no more.
   */
  @ResolveReference()
  resolveReference(reference: { id: string }, ctx: WorkforceContext, info: GraphQLResolveInfo) {
    if (ctx.caller.principal.role !== 'customer') return this.workers.visibleWorker(ctx.caller, reference.id);
    requireCustomerFields(
      askedOfWorker(
        info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []),
        info,
      ),
    );
    return this.workers.introduced(reference.id);
  }
}

/** A leaderboard's entry names its worker to those who may see them (a board shows ids to everyone else). */
@Resolver('LeaderboardEntry')
export class LeaderboardEntryWorkerResolver {
  constructor(@Inject(VisibleWorkers) private readonly workers: VisibleWorkers) {}

  @ResolveField('worker')
  worker(@Parent() entry: { workerId: string }, @Context() ctx: WorkforceContext) {
    return this.workers.visibleWorker(ctx.caller, entry.workerId);
  }
}

/** The Worker fields a reference's selection asks for, through inline fragments and named ones. */
function askedOfWorker(selections: readonly SelectionNode[], info: GraphQLResolveInfo): Set<string> {
  const asked = new Set<string>();
  const onWorker = (type: { name: { value: string } } | undefined) => !type || type.name.value === 'Worker';
  const walk = (nodes: readonly SelectionNode[]) => {
    for (const node of nodes) {
      if (node.kind === Kind.FIELD) asked.add(node.name.value);
      else if (node.kind === Kind.INLINE_FRAGMENT) {
        if (onWorker(node.typeCondition)) walk(node.selectionSet.selections);
      } else {
        const fragment = info.fragments[node.name.value];
        if (fragment && onWorker(fragment.typeCondition)) walk(fragment.selectionSet.selections);
      }
    }
  };
  walk(selections);
  return asked;
}
