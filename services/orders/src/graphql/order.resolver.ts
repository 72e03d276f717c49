import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { ContactBook, maskPhone, type Contact } from '../contacts/contact-book';
import { ChannelCallbacks } from '../partner-webhooks/channel-callbacks';
import { contactHidden, contactShown, maskName, orderDeskRoles, orderScope } from '../platform/access';
import { OrderAccess } from '../platform/order-access';
import type { Caller } from '@platform/service-kit';
import { forbidden, workerReference } from '@platform/service-kit';
import { OrderBoardQueries, type BoardFilter } from '../read-models/order-board/order-board.queries';
import type { OrderBoardRow } from '../read-models/order-board/order-board.table';
import { checklistStateKey, type OrderDetailDoc } from '../read-models/order-detail/order-detail.schema';

/** Per-request context: the caller, and lookups shared by the fields of one response. */
export interface OrdersContext {
  caller: Caller;
  details: Map<string, Promise<OrderDetailDoc | null>>;
  contacts: Map<string, Promise<Contact | undefined>>;
}

export const MAX_PAGE = 100;
export function pageOf(page?: { offset?: number | null; limit?: number | null }) {
  const offset = page?.offset ?? 0;
  const limit = page?.limit ?? 20;
  if (offset < 0)
    throw new GraphQLError('page.offset must be 0 or more', {
      extensions: { code: 'BAD_USER_INPUT', field: 'page.offset' },
    });
  if (limit < 1 || limit > MAX_PAGE) {
    throw new GraphQLError(`page.limit must be between 1 and ${MAX_PAGE}`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'page.limit' },
    });
  }
  return { offset, limit };
}

function scopeOf(caller: Caller) {
  const scope = orderScope(caller.principal);
  if (scope.kind === 'none') throw forbidden(scope.reason);
  return scope;
}

@Resolver()
export class OrderQueriesResolver {
  constructor(
    @Inject(OrderBoardQueries) private readonly board: OrderBoardQueries,
    @Inject(OrderAccess) private readonly access: OrderAccess,
  ) {}

  @Query('orderBoard')
  orderBoard(
    @Context() ctx: OrdersContext,
    @Args('filter') filter?: BoardFilter,
    @Args('page') page?: { offset?: number; limit?: number },
  ) {
    const { principal } = ctx.caller;
    return this.board.board(
      scopeOf(ctx.caller),
      filter ?? {},
      pageOf(page),
      'next',
      !contactHidden(principal),
    );
  }

  @Query('order')
  async order(@Context() ctx: OrdersContext, @Args('id') id: string) {
    scopeOf(ctx.caller);
    const row = await this.board.row(id);
    // Someone else's order answers exactly like a missing one: its existence is not disclosed.
    return row && (await this.access.maySee(ctx.caller.principal, row._id, row)) ? row : null;
  }

  @Query('myOrders')
  myOrders(@Context() ctx: OrdersContext, @Args('page') page?: { offset?: number; limit?: number }) {
    if (ctx.caller.principal.role !== 'customer')
      throw forbidden('myOrders is for customers; staff use orderBoard');
    return this.board.board(scopeOf(ctx.caller), {}, pageOf(page), 'latest');
  }

  @Query('myJobs')
  myJobs(
    @Context() ctx: OrdersContext,
    @Args('includeFinished') includeFinished: boolean,
    @Args('page') page?: { offset?: number; limit?: number },
  ) {
    if (ctx.caller.principal.role !== 'worker') throw forbidden('myJobs is for workers');
    const status = includeFinished ? null : ['assigned', 'in_progress'];
    // Jobs are what the worker holds; orders only offered to them are on their board, not here.
    const workerId = ctx.caller.principal.sub;
    return this.board.board(scopeOf(ctx.caller), { status, workerId }, pageOf(page));
  }
}

@Resolver('Order')
export class OrderFieldsResolver {
  constructor(
    @Inject(OrderBoardQueries) private readonly board: OrderBoardQueries,
    @Inject(ContactBook) private readonly contactBook: ContactBook,
    @Inject(ChannelCallbacks) private readonly callbacks: ChannelCallbacks,
    @Inject(OrderAccess) private readonly access: OrderAccess,
  ) {}

  @ResolveReference()
  async resolveReference(reference: { id: string }, ctx: OrdersContext) {
    scopeOf(ctx.caller);
    const row = await this.board.row(reference.id);
    return row && (await this.access.maySee(ctx.caller.principal, row._id, row)) ? row : null;
  }

  /** What of the customer's contact this caller is shown on this order (access.ts, contactShown). */
  private async shown(ctx: OrdersContext, row: OrderBoardRow) {
    const { principal } = ctx.caller;
    return contactShown(principal, row, await this.access.holder(principal, row.workerId), new Date());
  }

  private detail(ctx: OrdersContext, orderId: string) {
    let found = ctx.details.get(orderId);
    if (!found) ctx.details.set(orderId, (found = this.board.detail(orderId)));
    return found;
  }

  private contact(ctx: OrdersContext, contactId: string) {
    let found = ctx.contacts.get(contactId);
    if (!found)
      ctx.contacts.set(contactId, (found = this.contactBook.find([contactId]).then((m) => m.get(contactId))));
    return found;
  }

  @ResolveField('id') id(@Parent() row: OrderBoardRow) {
    return row._id;
  }

  @ResolveField('item') item(@Parent() row: OrderBoardRow) {
    return {
      code: row.itemCode,
      nameZh: row.itemName.zh,
      nameEn: row.itemName.en,
      category: row.category,
      line: row.line,
    };
  }

  @ResolveField('appointment') appointment(@Parent() row: OrderBoardRow) {
    return { start: row.appointmentStart, end: row.appointmentEnd };
  }

  // Orders keeps no worker names (workforce's personal data); the gateway resolves the reference.
  @ResolveField('worker') worker(@Parent() row: OrderBoardRow) {
    return workerReference(row.workerId);
  }

  @ResolveField('customer') async customer(@Parent() row: OrderBoardRow, @Context() ctx: OrdersContext) {
    const [contact, shown] = await Promise.all([this.contact(ctx, row.contactId), this.shown(ctx, row)]);
    const phone = contact?.phone ?? '';
    const name = contact?.name ?? row.customerName;
    return {
      customerId: row.customerId,
      name: shown.name ? name : maskName(name),
      phone: shown.phone ? phone : maskPhone(phone),
    };
  }

  @ResolveField('address') async address(@Parent() row: OrderBoardRow, @Context() ctx: OrdersContext) {
    const [contact, detail, shown] = await Promise.all([
      this.contact(ctx, row.contactId),
      this.detail(ctx, row._id),
      this.shown(ctx, row),
    ]);
    return {
      city: row.city,
      district: row.district,
      street: shown.street ? (contact?.street ?? '') : '',
      // The exact point is as telling as the street.
      location: shown.street ? (detail?.location ?? null) : null,
    };
  }

  @ResolveField('notes') async notes(@Parent() row: OrderBoardRow, @Context() ctx: OrdersContext) {
    const [detail, shown] = await Promise.all([this.detail(ctx, row._id), this.shown(ctx, row)]);
    return shown.street ? (detail?.notes ?? '') : '';
  }

  @ResolveField('attachments') async attachments(
    @Parent() row: OrderBoardRow,
    @Context() ctx: OrdersContext,
  ) {
    return (await this.detail(ctx, row._id))?.attachments ?? [];
  }

  @ResolveField('product') async product(@Parent() row: OrderBoardRow, @Context() ctx: OrdersContext) {
    return (await this.detail(ctx, row._id))?.product ?? null;
  }

  @ResolveField('cancellation') async cancellation(
    @Parent() row: OrderBoardRow,
    @Context() ctx: OrdersContext,
  ) {
    return (await this.detail(ctx, row._id))?.cancellation ?? null;
  }

  @ResolveField('job') async job(@Parent() row: OrderBoardRow, @Context() ctx: OrdersContext) {
    const [detail, shown] = await Promise.all([this.detail(ctx, row._id), this.shown(ctx, row)]);
    const signature = detail?.signature ?? null;
    const state = detail?.checklistState ?? {};
    const checklist = (detail?.checklist ?? []).map((entry) => ({
      ...entry,
      done: state[checklistStateKey(entry.key)]?.done ?? false,
      note: state[checklistStateKey(entry.key)]?.note ?? null,
    }));
    return {
      checklist,
      done: checklist.filter((entry) => entry.done).length,
      total: checklist.length,
      photos: detail?.photos ?? [],
      spareParts: detail?.spareParts ?? [],
      signature:
        signature && !shown.name ? { ...signature, signerName: maskName(signature.signerName) } : signature,
      checkedInAt: detail?.checkIn?.at ?? null,
      completedAt: detail?.completedAt ?? null,
    };
  }

  @ResolveField('timeline') async timeline(@Parent() row: OrderBoardRow, @Context() ctx: OrdersContext) {
    const entries = (await this.detail(ctx, row._id))?.timeline ?? [];
    return entries.map((e) => ({
      at: e.at,
      type: e.type,
      actorKind: e.actor.kind,
      actorId: e.actor.id,
      actorRole: e.actor.role ?? null,
      summary: e.summary,
      workerId: e.workerId ?? null,
      worker: workerReference(e.workerId),
    }));
  }

  @ResolveField('channelCallbacks') async channelCallbacks(
    @Parent() row: OrderBoardRow,
    @Context() ctx: OrdersContext,
  ) {
    if (!orderDeskRoles.includes(ctx.caller.principal.role))
      throw forbidden('channel callbacks are visible to order desk staff only');
    return this.callbacks.deliveries(row._id);
  }
}
