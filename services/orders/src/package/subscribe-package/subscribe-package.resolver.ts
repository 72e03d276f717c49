import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError } from '@platform/eventing';
import { CommandRunner, commandMeta, FeatureSettings, forbidden, requireRole } from '@platform/service-kit';
import { z } from 'zod';
import { catalogueItemDecider, catalogueItemStream } from '../../catalogue/catalogue-item.decider';
import { ContactBook } from '../../contacts/contact-book';
import { idFor } from '../../order/place-order/order-intake';
import { placeOrderRequestSchema } from '../../order/place-order/place-order.request';
import { orderDeskRoles, orderScope } from '../../platform/access';
import { decidedOnce } from '../../platform/decided-once';
import type { OrdersContext } from '../../platform/orders-context';
import { packageDecider, packageStream, type PackageCommand } from '../package.decider';
import { packageView } from '../package-view';

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

/** Yearly packages: sold by the order desk (or bought by the customer), then they place their own orders. */
@Resolver()
export class SubscribePackageResolver {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(ContactBook) private readonly contacts: ContactBook,
    @Inject(FeatureSettings) private readonly features: FeatureSettings,
  ) {}

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
    // Decided once, before the contact is written, and appended as decided.
    const { decider } = decidedOnce(packageDecider, command);
    await this.contacts.keepFor({ contactId, customerId, ...input.contact }, packageStream(packageId), () =>
      this.commands.run(decider, packageStream(packageId), command, meta),
    );
    return packageView(packageId, await this.commands.load(packageDecider, packageStream(packageId)));
  }
}
