import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import type { CatalogueItemDetails } from '@platform/contracts';
import { ReadModels, type MongoDocuments } from '@platform/eventing';
import { badInput } from '@platform/service-kit';
import type { OrdersContext } from '../../platform/orders-context';
import { catalogueItems, type CatalogueDocument } from './catalogue.read-model';

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

const fromDocument = (item: CatalogueDocument) => catalogueItemView(item.code, item.status, item);

/** Everyone signed in browses the catalogue; customers and workers see published items only. */
@Resolver()
export class CatalogueResolver {
  private readonly items: MongoDocuments<CatalogueDocument>;

  constructor(@Inject(ReadModels) readModels: ReadModels) {
    this.items = readModels.documents(catalogueItems);
  }

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
    const items = await this.items.query(filter).sort({ _id: 1 }).lean<CatalogueDocument[]>();
    return items.map(fromDocument);
  }

  @Query('catalogueItem')
  async catalogueItem(@Context() ctx: OrdersContext, @Args('code') code: string) {
    const item = await this.items.get(code);
    if (!item || (!this.staffView(ctx) && item.status !== 'published')) return null;
    return fromDocument(item);
  }
}
