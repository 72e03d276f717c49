import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError, MONGO_CONNECTION } from '@platform/eventing';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { catalogueItemDecider, catalogueItemStream } from '../catalogue/catalogue-item.decider';
import { ContactBook } from '../contacts/contact-book';
import type { OrdersContext } from '../graphql/order.resolver';
import { idFor } from '../order/place-order/order-intake';
import { placeOrderRequestSchema } from '../order/place-order/place-order.request';
import { maySeeIgnoringOffers, orderDeskRoles, orderScope } from '../platform/access';
import {
  CommandRunner,
  commandMeta,
  FeatureSettings,
  forbidden,
  requireRole,
  type Caller,
} from '@platform/service-kit';
import { OrderBoardQueries } from '../read-models/order-board/order-board.queries';
import { packageModel, type PackageRow } from '../read-models/packages/packages.read-model';
import { packageDecider, packageStream, type PackageCommand, type PackageState } from './package.decider';

const subscribeInput = z.object({
  customerId: z.string().min(1).max(80).nullish(),
  contact: placeOrderRequestSchema.shape.contact,
  address: placeOrderRequestSchema.shape.address,
  itemCode: z.string().min(1).max(40),
  weekday: z.number().int().min(1).max(7),
  windowFrom: z.string(),
  windowTo: z.string(),
  everyWeeks: z.number().int().min(1).max(4),
  startDate: z.iso.date(),
  endDate: z.iso.date(),
  timeZone: z
    .string()
    .refine(
      (zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC',
      'must be an IANA time zone',
    ),
});

const view = (packageId: string, state: PackageState) => {
  if (state.status === 'none') return null;
  const t = state.terms;
  return {
    id: packageId,
    status: state.status,
    customerId: t.customerId,
    itemCode: t.itemCode,
    city: t.address.city,
    weekday: t.weekday,
    windowFrom: t.window.from,
    windowTo: t.window.to,
    everyWeeks: t.everyWeeks,
    startDate: t.startDate,
    endDate: t.endDate,
    visits: Object.entries(state.ordered).map(([visitDate, orderId]) => ({ visitDate, orderId })),
  };
};

/** Yearly packages: sold by the order desk (or bought by the customer), then they place their own orders. */
@Resolver('YearlyPackage')
export class PackageResolver {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(ContactBook) private readonly contacts: ContactBook,
    @Inject(MONGO_CONNECTION) private readonly mongo: Connection,
    @Inject(FeatureSettings) private readonly features: FeatureSettings,
  ) {}

  @Query('packages')
  async packages(@Context() { caller }: OrdersContext, @Args('customerId') customerId?: string) {
    requireRole(caller, ['customer', ...orderDeskRoles], 'see packages');
    const scope = orderScope(caller.principal);
    const filter: Record<string, unknown> = {};
    if (scope.kind === 'customer') filter.customerId = scope.customerId;
    else if (customerId) filter.customerId = customerId;
    if (scope.kind === 'branch') filter.branchId = scope.branchId;
    const rows = await packageModel(this.mongo).find(filter).sort({ startDate: 1 }).lean<PackageRow[]>();
    return rows.map((row) => ({
      id: row._id,
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

  @Mutation('subscribePackage')
  async subscribe(@Context() { caller }: OrdersContext, @Args('input') raw: unknown) {
    requireRole(caller, ['customer', ...orderDeskRoles], 'sell packages');
    const input = subscribeInput.parse(raw);
    const isCustomer = caller.principal.role === 'customer';
    const customerId = isCustomer ? caller.principal.sub : input.customerId;
    if (!customerId) throw forbidden('staff selling a package must give the customerId');
    const scope = orderScope(caller.principal);
    if (scope.kind === 'branch' && scope.branchId !== input.address.city)
      throw forbidden(`branch ${scope.branchId} cannot sell packages in ${input.address.city}`);
    const meta = commandMeta(caller, 'subscribe-package');
    const packageId = idFor(`package/${meta.commandId}`);
    const contactId = idFor(`contact/${packageId}`);
    const catalogueItem = await this.commands.load(catalogueItemDecider, catalogueItemStream(input.itemCode));
    // Yearly packages go live branch by branch (workforce's feature switches); they are sold for
    // home services only, which the decider checks.
    await this.features.ready();
    if (
      catalogueItem.status !== 'none' &&
      catalogueItem.details.line === 'home_services' &&
      !this.features.isEnabled(input.address.city, 'home_cleaning', 'yearly_packages')
    ) {
      throw new DomainError(
        'FEATURE_OFF',
        `yearly packages are switched off for home cleaning in ${input.address.city}; an admin switches them on per branch (switchFeature)`,
        { field: 'input.address.city' },
      );
    }
    const command: PackageCommand = {
      type: 'SubscribePackage',
      at: meta.at,
      catalogueItem,
      terms: {
        packageId,
        customerId,
        contactId,
        branchId: input.address.city,
        address: input.address,
        itemCode: input.itemCode,
        weekday: input.weekday,
        window: { from: input.windowFrom, to: input.windowTo },
        everyWeeks: input.everyWeeks,
        startDate: input.startDate,
        endDate: input.endDate,
        timeZone: input.timeZone,
      },
    };
    packageDecider.decide(command, packageDecider.initialState);
    await this.contacts.keepFor({ contactId, customerId, ...input.contact }, packageStream(packageId), () =>
      this.commands.run(packageDecider, packageStream(packageId), command, meta),
    );
    return view(packageId, await this.commands.load(packageDecider, packageStream(packageId)));
  }

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
    return view(packageId, await this.commands.load(packageDecider, packageStream(packageId)));
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

@Resolver('PackageVisit')
export class PackageVisitResolver {
  constructor(@Inject(OrderBoardQueries) private readonly board: OrderBoardQueries) {}

  @ResolveField('order')
  async order(@Parent() visit: { orderId: string }, @Context() { caller }: OrdersContext) {
    const row = await this.board.row(visit.orderId);
    return row && maySeeIgnoringOffers(orderScope(caller.principal), row) ? row : null;
  }
}
