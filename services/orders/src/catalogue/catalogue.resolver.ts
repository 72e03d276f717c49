import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { catalogueItemDetailsSchema, type CatalogueItemDetails } from '@platform/contracts';
import { MONGO_CONNECTION } from '@platform/eventing';
import type { Connection } from 'mongoose';
import type { OrdersContext } from '../graphql/order.resolver';
import { badInput, commandMeta, requireRole } from '@platform/service-kit';
import { CommandRunner } from '@platform/service-kit';
import { catalogueModel, type CatalogueRow } from '../read-models/catalogue/catalogue.read-model';
import {
  catalogueItemDecider,
  catalogueItemStream,
  type CatalogueItemCommand,
  type CatalogueItemState,
} from './catalogue-item.decider';

interface CatalogueItemInput {
  code: string;
  nameZh: string;
  nameEn: string;
  line: CatalogueItemDetails['line'];
  category: CatalogueItemDetails['category'];
  productCategory?: string | null;
  standard: CatalogueItemDetails['standard'];
  expectedMinutes: number;
  qualification: string;
  basePriceMinor: number;
  cities: string[];
}

const toDetails = (input: CatalogueItemInput): CatalogueItemDetails =>
  catalogueItemDetailsSchema.parse({
    name: { zh: input.nameZh, en: input.nameEn },
    line: input.line,
    category: input.category,
    productCategory: input.productCategory ?? null,
    standard: input.standard,
    expectedMinutes: input.expectedMinutes,
    qualification: input.qualification,
    basePrice: { amountMinor: input.basePriceMinor, currency: 'CNY' },
    cities: input.cities.map((city) => city.toLowerCase()),
  });

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

const fromState = (state: CatalogueItemState) =>
  state.status === 'none' ? null : catalogueItemView(state.code, state.status, state.details);
const fromRow = (row: CatalogueRow) => catalogueItemView(row._id, row.status, row);

/** Admins maintain the catalogue; everyone signed in browses it (customers and workers: published items only). */
@Resolver()
export class CatalogueResolver {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(MONGO_CONNECTION) private readonly mongo: Connection,
  ) {}

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

  private async run(ctx: OrdersContext, code: string, command: CatalogueItemCommand, operation: string) {
    requireRole(ctx.caller, ['admin'], 'change the service catalogue');
    await this.commands.run(
      catalogueItemDecider,
      catalogueItemStream(code),
      command,
      commandMeta(ctx.caller, `${operation}:${code}`),
    );
    return fromState(await this.commands.load(catalogueItemDecider, catalogueItemStream(code)));
  }

  @Mutation('draftCatalogueItem')
  draft(@Context() ctx: OrdersContext, @Args('input') input: CatalogueItemInput) {
    return this.run(
      ctx,
      input.code,
      { type: 'DraftItem', code: input.code, details: toDetails(input) },
      'draft',
    );
  }

  @Mutation('reviseCatalogueItem')
  revise(@Context() ctx: OrdersContext, @Args('input') input: CatalogueItemInput) {
    return this.run(ctx, input.code, { type: 'ReviseItem', details: toDetails(input) }, 'revise');
  }

  @Mutation('publishCatalogueItem')
  publish(@Context() ctx: OrdersContext, @Args('code') code: string) {
    return this.run(ctx, code, { type: 'PublishItem' }, 'publish');
  }

  @Mutation('retireCatalogueItem')
  retire(@Context() ctx: OrdersContext, @Args('code') code: string, @Args('reason') reason: string) {
    return this.run(ctx, code, { type: 'RetireItem', reason }, 'retire');
  }
}
