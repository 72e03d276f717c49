import { Inject, Injectable } from '@nestjs/common';
import type { OrderScope } from '../../platform/access';
import { OrderInvolvement } from '../involvement/order-involvement';
import type { OrderDetailDoc } from '../order-detail/order-detail.schema';
import { OrderDetailTable } from '../order-detail/order-detail.table';
import { boardColumns, OrderBoardTable, toRow, type OrderBoardRow } from './order-board.table';

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
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The questions the board answers, always inside the caller's scope. */
@Injectable()
export class OrderBoardQueries {
  constructor(
    @Inject(OrderBoardTable) private readonly table: OrderBoardTable,
    @Inject(OrderDetailTable) private readonly details: OrderDetailTable,
    @Inject(OrderInvolvement) private readonly involvement: OrderInvolvement,
  ) {}

  /** SQL conditions for the scope and the filter, status left out (the counts span every status). */
  private conditions(scope: OrderScope, filter: BoardFilter) {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (scope.kind === 'none') where.push('false');
    if (scope.kind === 'branch') add((p) => `branch_id = ${p}`, scope.branchId);
    if (scope.kind === 'customer') add((p) => `customer_id = ${p}`, scope.customerId);
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (scope.kind === 'station') add((p) => `branch_id = ${p}`, scope.branchId);
    if (scope.kind === 'worker' || scope.kind === 'station')
      where.push(this.involvement.boardCondition(scope, param));
    if (filter.branchId) add((p) => `branch_id = ${p}`, filter.branchId);
    if (filter.city) add((p) => `city = ${p}`, filter.city.toLowerCase());
    if (filter.channel) add((p) => `channel = ${p}`, filter.channel);
    if (filter.itemCode) add((p) => `item_code = ${p}`, filter.itemCode);
    if (filter.workerId) add((p) => `worker_id = ${p}`, filter.workerId);
    if (filter.customerId) add((p) => `customer_id = ${p}`, filter.customerId);
    if (filter.from) add((p) => `appointment_start >= ${p}`, filter.from);
    if (filter.to) add((p) => `appointment_start < ${p}`, filter.to);
    const search = filter.search?.trim();
    if (search) {
      if (UUID.test(search)) add((p) => `order_id = ${p}`, search.toLowerCase());
      else if (/^\d{4}$/.test(search)) add((p) => `phone_last4 = ${p}`, search);
      else {
        // A partner's order number is matched exactly, a customer's name in part.
        add((p) => `channel_order_id = ${p}`, search);
        where.push(`(${where.pop()!} OR customer_name ILIKE $${params.push(likePattern(search))})`);
      }
    }
    return { where, params };
  }

  async board(
    scope: OrderScope,
    filter: BoardFilter,
    page: { offset: number; limit: number },
    sort: 'next' | 'latest' = 'next',
  ): Promise<BoardPage> {
    await this.involvement.ready();
    const { where, params } = this.conditions(scope, filter);
    const statuses = filter.status?.length ? filter.status : null;
    const pageWhere = statuses ? [...where, `status = ANY($${params.length + 1})`] : where;
    const pageParams = statuses ? [...params, statuses] : params;
    const clause = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
    const order = sort === 'next' ? 'appointment_start ASC, order_id' : 'appointment_start DESC, order_id';
    const n = pageParams.length;
    const [rows, counts] = await Promise.all([
      this.table.query(
        (t) =>
          `SELECT ${boardColumns} FROM ${t} ${clause(pageWhere)} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...pageParams, page.limit, page.offset],
      ),
      this.table.query<{ status: string; count: number }>(
        (t) =>
          `SELECT status, count(*)::int AS count FROM ${t} ${clause(where)} GROUP BY status ORDER BY status`,
        params,
      ),
    ]);
    const total = counts
      .filter((c) => !statuses || statuses.includes(c.status))
      .reduce((sum, c) => sum + c.count, 0);
    return { items: rows.map(toRow), total, countsByStatus: counts, offset: page.offset, limit: page.limit };
  }

  row(orderId: string): Promise<OrderBoardRow | null> {
    return this.table.row(orderId);
  }

  detail(orderId: string): Promise<OrderDetailDoc | null> {
    return this.details.get(orderId);
  }

  /** Waits until the read model holds an order's event at `position`, so a mutation can answer with what it did. */
  async projected(orderId: string, position: number, timeoutMs: number): Promise<OrderBoardRow | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const applied = await this.details.appliedPosition(orderId);
      if (applied >= position || Date.now() > deadline) return this.row(orderId);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
}
