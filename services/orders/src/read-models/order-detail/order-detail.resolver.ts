import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { workerReference } from '@platform/service-kit';
import { ContactBook, maskPhone } from '../../contacts/contact-book';
import { contactShown, maskName } from '../../platform/access';
import { OrderAccess } from '../../platform/order-access';
import { scopeOf, type OrdersContext } from '../../platform/orders-context';
import { OrderBoardQueries } from '../order-board/order-board.queries';
import type { OrderBoardRow } from '../order-board/order-board.read-model';
import { checklistStateKey } from './order-detail.read-model';

/** One order as a page: its board row, its detail (job, timeline) and its customer's contact, as far as the caller is shown them. */
@Resolver('Order')
export class OrderFieldsResolver {
  constructor(
    @Inject(OrderBoardQueries) private readonly board: OrderBoardQueries,
    @Inject(ContactBook) private readonly contactBook: ContactBook,
    @Inject(OrderAccess) private readonly access: OrderAccess,
  ) {}

  /** Another subgraph's reference to an order, answered like `order(id)`. */
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
    const name = contact?.name ?? '';
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
}
