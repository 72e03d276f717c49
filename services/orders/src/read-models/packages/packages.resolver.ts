import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ReadModels, type MongoDocuments } from '@platform/eventing';
import { requireRole } from '@platform/service-kit';
import { maySeeIgnoringOffers, orderDeskRoles, orderScope } from '../../platform/access';
import type { OrdersContext } from '../../platform/orders-context';
import { OrderBoardQueries } from '../order-board/order-board.queries';
import { yearlyPackages, type PackageDocument } from './packages.read-model';

/** Yearly packages (staff: their branch's; a customer: their own) with the visits ordered so far. */
@Resolver('YearlyPackage')
export class PackagesResolver {
  private readonly documents: MongoDocuments<PackageDocument>;

  constructor(@Inject(ReadModels) readModels: ReadModels) {
    this.documents = readModels.documents(yearlyPackages);
  }

  @Query('packages')
  async packages(@Context() { caller }: OrdersContext, @Args('customerId') customerId?: string) {
    requireRole(caller, ['customer', ...orderDeskRoles], 'see packages');
    const scope = orderScope(caller.principal);
    const filter: Record<string, unknown> = {};
    if (scope.kind === 'customer') filter.customerId = scope.customerId;
    else if (customerId) filter.customerId = customerId;
    if (scope.kind === 'branch') filter.branchId = scope.branchId;
    const rows = await this.documents.query(filter).sort({ startDate: 1 }).lean<PackageDocument[]>();
    return rows.map((row) => ({
      id: row.packageId,
      status: row.status,
      customerId: row.customerId,
      itemCode: row.itemCode,
      city: row.address.city,
      weekday: row.weekday,
      windowFrom: row.window.from,
      windowTo: row.window.to,
      everyWeeks: row.everyWeeks,
      startDate: row.startDate,
      endDate: row.endDate,
      visits: row.visits,
    }));
  }

  @ResolveField('visits')
  visits(@Parent() pkg: { visits: { visitDate: string; orderId: string }[] }) {
    return [...pkg.visits].sort((a, b) => a.visitDate.localeCompare(b.visitDate));
  }
}

@Resolver('PackageVisit')
export class PackageVisitResolver {
  constructor(@Inject(OrderBoardQueries) private readonly board: OrderBoardQueries) {}

  @ResolveField('order')
  async order(@Parent() visit: { orderId: string }, @Context() { caller }: OrdersContext) {
    const row = await this.board.row(visit.orderId);
    return row && maySeeIgnoringOffers(orderScope(caller.principal), row) ? row : null;
  }
}
