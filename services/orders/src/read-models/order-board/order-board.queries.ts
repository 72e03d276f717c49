import { Inject, Injectable } from '@nestjs/common';
import { MONGO_CONNECTION } from '@platform/eventing';
import type { Connection, QueryFilter } from 'mongoose';
import type { OrderScope } from '../../platform/access';
import { orderDetailModel, type OrderDetailDoc } from '../order-detail/order-detail.schema';
import { orderBoardModel, type OrderBoardRow } from './order-board.schema';

export interface BoardFilter {
  status?: string[] | null;
  city?: string | null;
  channel?: string | null;
  itemCode?: string | null;
  /** ISO-8601 instants, as the DateTime scalar passes them on. */
  from?: string | Date | null;
  to?: string | Date | null;
  search?: string | null;
  branchId?: string | null;
  workerId?: string | null;
  customerId?: string | null;
}

export interface BoardPage {
  items: OrderBoardRow[];
  total: number;
  countsByStatus: { status: string; count: number }[];
  offset: number;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function scopeFilter(scope: OrderScope): QueryFilter<OrderBoardRow> {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'branch':
      return { branchId: scope.branchId };
    case 'customer':
      return { customerId: scope.customerId };
    case 'worker':
      return { workerId: scope.workerId };
    case 'none':
      return { _id: { $exists: false } };
  }
}

/** The questions the board answers, always inside the caller's scope. */
@Injectable()
export class OrderBoardQueries {
  constructor(@Inject(MONGO_CONNECTION) private readonly mongo: Connection) {}

  private filterFor(scope: OrderScope, filter: BoardFilter): QueryFilter<OrderBoardRow> {
    const query: QueryFilter<OrderBoardRow> = { ...scopeFilter(scope) };
    // Another branch than the caller's matches nothing ($in: [], not a sentinel string: the
    // MongoDB-compatible server stores text in PostgreSQL, which rejects "\u0000").
    if (filter.branchId)
      query.branchId =
        scope.kind === 'branch' && scope.branchId !== filter.branchId ? { $in: [] } : filter.branchId;
    if (filter.city) query.city = filter.city.toLowerCase();
    if (filter.channel) query.channel = filter.channel;
    if (filter.itemCode) query.itemCode = filter.itemCode;
    if (filter.workerId) query.workerId = filter.workerId;
    if (filter.customerId) query.customerId = filter.customerId;
    if (filter.from || filter.to) {
      // DateTime arrives as an ISO string: made a Date here, because the counts' aggregate
      // (unlike find) does not cast by the schema, and a string never matches a stored date.
      query.appointmentStart = {
        ...(filter.from ? { $gte: new Date(filter.from) } : {}),
        ...(filter.to ? { $lt: new Date(filter.to) } : {}),
      };
    }
    const search = filter.search?.trim();
    if (search) {
      if (UUID.test(search)) query._id = search.toLowerCase();
      else if (/^\d{4}$/.test(search)) query.phoneLast4 = search;
      else query.customerName = { $regex: escapeRegex(search), $options: 'i' };
    }
    return query;
  }

  async board(
    scope: OrderScope,
    filter: BoardFilter,
    page: { offset: number; limit: number },
    sort: 'next' | 'latest' = 'next',
  ): Promise<BoardPage> {
    const model = orderBoardModel(this.mongo);
    const base = this.filterFor(scope, filter);
    const query = filter.status?.length ? { ...base, status: { $in: filter.status } } : base;
    const [items, counts] = await Promise.all([
      model
        .find(query)
        .sort(sort === 'next' ? { appointmentStart: 1, _id: 1 } : { appointmentStart: -1, _id: 1 })
        .skip(page.offset)
        .limit(page.limit)
        .lean<OrderBoardRow[]>(),
      model.aggregate<{ _id: string; count: number }>([
        { $match: base },
        { $group: { _id: '$status', count: { $sum: 1 } } },
      ]),
    ]);
    const countsByStatus = counts
      .map((c) => ({ status: c._id, count: c.count }))
      .sort((a, b) => a.status.localeCompare(b.status));
    const total = countsByStatus
      .filter((c) => !filter.status?.length || filter.status.includes(c.status))
      .reduce((sum, c) => sum + c.count, 0);
    return { items, total, countsByStatus, offset: page.offset, limit: page.limit };
  }

  row(orderId: string): Promise<OrderBoardRow | null> {
    return orderBoardModel(this.mongo).findById(orderId).lean<OrderBoardRow>().exec();
  }

  detail(orderId: string): Promise<OrderDetailDoc | null> {
    return orderDetailModel(this.mongo).findById(orderId).lean<OrderDetailDoc>().exec();
  }

  /** Waits until the read model holds an order's event at `position`, so a mutation can answer with what it did. */
  async projected(orderId: string, position: number, timeoutMs = 3000): Promise<OrderBoardRow | null> {
    const key = `_applied.order-${orderId}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const doc = await orderDetailModel(this.mongo)
        .findById(orderId, { [key]: 1 })
        .lean<Record<string, unknown>>();
      const applied = (doc?._applied as Record<string, number> | undefined)?.[`order-${orderId}`] ?? -1;
      if (applied >= position || Date.now() > deadline) return this.row(orderId);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
}
