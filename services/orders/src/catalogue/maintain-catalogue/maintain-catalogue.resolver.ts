import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { catalogueItemDetailsSchema, type CatalogueItemDetails } from '@platform/contracts';
import { badInput, CommandRunner, commandMeta, requireRole, zodProblems } from '@platform/service-kit';
import { ZodError } from 'zod';
import type { OrdersContext } from '../../platform/orders-context';
import { catalogueItemView } from '../../read-models/catalogue/catalogue.resolver';
import {
  catalogueItemDecider,
  catalogueItemStream,
  type CatalogueItemCommand,
  type CatalogueItemState,
} from '../catalogue-item.decider';

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

/** The details' own paths (`name.zh`, `basePrice.amountMinor`) as the input names them. */
const INPUT_FIELDS: Record<string, string> = {
  'name.zh': 'nameZh',
  'name.en': 'nameEn',
  'basePrice.amountMinor': 'basePriceMinor',
};

function toDetails(input: CatalogueItemInput): CatalogueItemDetails {
  try {
    return catalogueItemDetailsSchema.parse({
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
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    throw badInput(
      zodProblems(error).map(({ field, reason }) => ({ field: `input.${INPUT_FIELDS[field] ?? field}`, reason })),
    );
  }
}

const fromState = (state: CatalogueItemState) =>
  state.status === 'none' ? null : catalogueItemView(state.code, state.status, state.details);

/** Admins draft, revise, publish and retire the catalogue's items; each answers with the item as its stream now says. */
@Resolver()
export class MaintainCatalogueResolver {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

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
