import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@platform/eventing';
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

/** What a board search is taken for: an order id, a phone's last 4 digits, a partner's order number or a customer's name. */
export type BoardSearch =
  | { by: 'order'; orderId: string }
  | { by: 'phone'; last4: string }
  | { by: 'partner_order'; text: string; orName: boolean };

/**
 * Reads a board search. A caller shown no customer contact (platform/access.ts, contactHidden) may
 * find orders by id or partner order number only: a phone's last 4 digits, or a text without a
 * digit (a name: partner order numbers carry digits), is refused, naming the filter field.
 */
export function boardSearch(search: string | null | undefined, byContact: boolean): BoardSearch | null {
  const text = search?.trim();
  if (!text) return null;
  if (UUID.test(text)) return { by: 'order', orderId: text.toLowerCase() };
  const refuse = (what: string) =>
    new DomainError('FORBIDDEN', `filter.search: ${what}; search by order id or partner order number`, {
      field: 'filter.search',
      reason: `${what} is not searchable by a role not shown customers' contact`,
    });
  if (/^\d{4}$/.test(text)) {
    if (!byContact) throw refuse("a phone number's last 4 digits");
    return { by: 'phone', last4: text };
  }
  if (!byContact && !/\d/.test(text)) throw refuse("a customer's name");
  return { by: 'partner_order', text, orName: byContact };
}

/** The questions the board answers, always inside the caller's scope. */
@Injectable()
export class OrderBoardQueries {
  constructor(
    @Inject(OrderBoardTable) private readonly table: OrderBoardTable,
    @Inject(OrderDetailTable) private readonly details: OrderDetailTable,
    @Inject(OrderInvolvement) private readonly involvement: OrderInvolvement,
  ) {}

  /** SQL conditions for the scope and the filter, status left out (the counts span every status). */
  private conditions(scope: OrderScope, filter: BoardFilter, byContact: boolean) {
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
    const search = boardSearch(filter.search, byContact);
    if (search?.by === 'order') add((p) => `order_id = ${p}`, search.orderId);
    if (search?.by === 'phone') add((p) => `phone_last4 = ${p}`, search.last4);
    if (search?.by === 'partner_order') {
      // A partner's order number is matched exactly, a customer's name in part.
      add((p) => `channel_order_id = ${p}`, search.text);
      if (search.orName)
        where.push(`(${where.pop()!} OR customer_name ILIKE $${params.push(likePattern(search.text))})`);
    }
    return { where, params };
  }

  async board(
    scope: OrderScope,
    filter: BoardFilter,
    page: { offset: number; limit: number },
    sort: 'next' | 'latest' = 'next',
    /** Whether the search may find orders by the customer's name or phone (boardSearch). */
    byContact = true,
  ): Promise<BoardPage> {
    await this.involvement.ready();
    const { where, params } = this.conditions(scope, filter, byContact);
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
