import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import type { CatalogueItemDetails } from '@platform/contracts';
import { MONGO_CONNECTION } from '@platform/eventing';
import { badInput } from '@platform/service-kit';
import type { Connection } from 'mongoose';
import type { OrdersContext } from '../../platform/orders-context';
import { catalogueModel, type CatalogueRow } from './catalogue.read-model';

/** A catalogue item as the graph shows it. */
export const catalogueItemView = (code: string, status: string, d: CatalogueItemDetails) => ({
  code,
  status,
  nameZh: d.name.zh,
  nameEn: d.name.en,
  line: d.line,
  category: d.category,
  productCategory: d.productCategory,
  standard: d.standard,
  expectedMinutes: d.expectedMinutes,
  qualification: d.qualification,
  basePriceMinor: d.basePrice.amountMinor,
  currency: d.basePrice.currency,
  cities: d.cities,
});

const fromRow = (row: CatalogueRow) => catalogueItemView(row._id, row.status, row);

/** Everyone signed in browses the catalogue; customers and workers see published items only. */
@Resolver()
export class CatalogueResolver {
  constructor(@Inject(MONGO_CONNECTION) private readonly mongo: Connection) {}

  private staffView(ctx: OrdersContext) {
    return !['customer', 'worker'].includes(ctx.caller.principal.role);
  }

  @Query('catalogue')
  async catalogue(
    @Context() ctx: OrdersContext,
    @Args('city') city?: string,
    @Args('line') line?: string,
    @Args('status') status?: string,
  ) {
    const filter: Record<string, unknown> = {};
    if (city) filter.cities = city.toLowerCase();
    if (line) filter.line = line;
    // Asking for drafts or retired items and quietly getting published ones would mislead the caller.
    if (!this.staffView(ctx) && status && status !== 'published') {
      throw badInput([
        {
          field: 'status',
          reason: `a ${ctx.caller.principal.role} sees published items only; ask for status published or leave it out`,
        },
      ]);
    }
    filter.status = this.staffView(ctx) ? (status ?? { $exists: true }) : 'published';
    const rows = await catalogueModel(this.mongo).find(filter).sort({ _id: 1 }).lean<CatalogueRow[]>();
    return rows.map(fromRow);
  }

  @Query('catalogueItem')
  async catalogueItem(@Context() ctx: OrdersContext, @Args('code') code: string) {
    const row = await catalogueModel(this.mongo).findById(code).lean<CatalogueRow>();
    if (!row || (!this.staffView(ctx) && row.status !== 'published')) return null;
    return fromRow(row);
  }
}
