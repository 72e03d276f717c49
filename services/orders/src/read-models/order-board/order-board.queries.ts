import { Inject, Injectable } from '@nestjs/common';
import { documentField, DomainError, ReadModels, type PostgresDocuments } from '@platform/eventing';
import { ContactBook } from '../../contacts/contact-book';
import type { OrderScope } from '../../platform/access';
import { OrderInvolvement } from '../involvement/order-involvement';
import { orderDetail, type OrderDetailDocument } from '../order-detail/order-detail.read-model';
import { ORDER_HOURS_TABLE, orderHourCounts } from './order-board-hours';
import { orderBoard, toRow, type OrderBoardDocument, type OrderBoardRow } from './order-board.read-model';

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

export interface OrderStats {
  total: number;
  perDay: { day: string; channel: string; count: number }[];
  byStatus: { status: string; count: number }[];
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
  private readonly orders: PostgresDocuments<OrderBoardDocument>;
  private readonly details: PostgresDocuments<OrderDetailDocument>;

  constructor(
    @Inject(ReadModels) readModels: ReadModels,
    @Inject(ContactBook) private readonly contacts: ContactBook,
    @Inject(OrderInvolvement) private readonly involvement: OrderInvolvement,
  ) {
    this.orders = readModels.documents(orderBoard);
    this.details = readModels.documents(orderDetail);
  }

  /** SQL conditions for the scope and the filter, status left out (the counts span every status). */
  private conditions(scope: OrderScope, filter: BoardFilter, byContact: boolean) {
    const where: string[] = ['b.document IS NOT NULL'];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const equal = (field: string, value: unknown) => where.push(`${documentField(field)} = ${param(value)}`);
    if (scope.kind === 'none') where.push('false');
    if (scope.kind === 'branch' || scope.kind === 'station') equal('branchId', scope.branchId);
    if (scope.kind === 'customer') equal('customerId', scope.customerId);
    if (scope.kind === 'worker' || scope.kind === 'station')
      where.push(this.involvement.boardCondition(scope, param));
    if (filter.branchId) equal('branchId', filter.branchId);
    if (filter.city) equal('city', filter.city.toLowerCase());
    if (filter.channel) equal('channel', filter.channel);
    if (filter.itemCode) equal('itemCode', filter.itemCode);
    if (filter.workerId) equal('workerId', filter.workerId);
    if (filter.customerId) equal('customerId', filter.customerId);
    // The board keeps instants in UTC, whose text orders as time does.
    const appointment = documentField('appointmentStart');
    if (filter.from) where.push(`${appointment} >= ${param(new Date(filter.from).toISOString())}`);
    if (filter.to) where.push(`${appointment} < ${param(new Date(filter.to).toISOString())}`);
    const search = boardSearch(filter.search, byContact);
    if (search?.by === 'order') where.push(`b.id = ${param(search.orderId)}`);
    if (search?.by === 'phone') where.push(`right(c.phone, 4) = ${param(search.last4)}`);
    if (search?.by === 'partner_order') {
      // A partner's order number is matched exactly, a customer's name in part.
      const byNumber = `${documentField('channelOrderId')} = ${param(search.text)}`;
      where.push(search.orName ? `(${byNumber} OR c.name ILIKE ${param(likePattern(search.text))})` : byNumber);
    }
    const contacts = search?.by === 'phone' || (search?.by === 'partner_order' && search.orName);
    return { where, params, contacts };
  }

  /** The board joined with the contact book: a search finds orders by their customer's name or phone. */
  private get from() {
    return `${this.orders.table} b LEFT JOIN ${this.contacts.table} c ON c.contact_id = ${documentField('contactId')}::uuid`;
  }

  async board(
    scope: OrderScope,
    filter: BoardFilter,
    page: { offset: number; limit: number },
    sort: 'next' | 'latest' = 'next',
    /** Whether the search may find orders by the customer's name or phone (boardSearch). */
    byContact = true,
  ): Promise<BoardPage> {
    await this.contacts.ready();
    const { where, params } = this.conditions(scope, filter, byContact);
    const statuses = filter.status?.length ? filter.status : null;
    const status = documentField('status');
    const pageWhere = statuses ? [...where, `${status} = ANY($${params.length + 1})`] : where;
    const pageParams = statuses ? [...params, statuses] : params;
    const appointment = documentField('appointmentStart');
    const order = sort === 'next' ? `${appointment} ASC, b.id` : `${appointment} DESC, b.id`;
    const n = pageParams.length;
    const [rows, counts] = await Promise.all([
      this.orders.pool.query<{ document: OrderBoardDocument }>(
        `SELECT b.document FROM ${this.from} WHERE ${pageWhere.join(' AND ')}
         ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...pageParams, page.limit, page.offset],
      ),
      this.orders.pool.query<{ status: string; count: number }>(
        `SELECT ${status} AS status, count(*)::int AS count FROM ${this.from} WHERE ${where.join(' AND ')}
         GROUP BY 1 ORDER BY 1`,
        params,
      ),
    ]);
    const total = counts.rows
      .filter((c) => !statuses || statuses.includes(c.status))
      .reduce((sum, c) => sum + c.count, 0);
    return {
      items: rows.rows.map((row) => toRow(row.document)),
      total,
      countsByStatus: counts.rows,
      offset: page.offset,
      limit: page.limit,
    };
  }

  /** One pass over the orders in the scope and the filter. */
  private async scanCounts(scope: OrderScope, filter: BoardFilter, byContact: boolean) {
    const { where, params, contacts } = this.conditions(scope, filter, byContact);
    // The day is Shanghai's: UTC+8 all year (China keeps no summer time), so an appointment from
    // 16:00 UTC on is the next day; this avoids parsing each instant.
    const utc = documentField('appointmentStart');
    const { rows } = await this.orders.pool.query<{ day: string; channel: string; status: string; count: number }>(
      `SELECT CASE WHEN substr(s, 12, 2) >= '16' THEN (left(s, 10)::date + 1)::text ELSE left(s, 10) END AS day,
              channel, status, count(*)::int AS count
       FROM (SELECT ${utc} AS s, ${documentField('channel')} AS channel, ${documentField('status')} AS status
             FROM ${contacts ? this.from : `${this.orders.table} b`} WHERE ${where.join(' AND ')}) o
       GROUP BY 1, 2, 3`,
      params,
    );
    return rows;
  }

  /**
   * The same counts from `order_board_hours` (the orders counted per branch, hour, channel and
   * status) for the period's whole hours, and from the orders for its part-hours at either end;
   * null when the filter asks for more than a branch and a period (then every order is read).
   */
  private async hourCounts(scope: OrderScope, filter: BoardFilter) {
    const { city, channel, itemCode, workerId, customerId, search } = filter;
    if (city || channel || itemCode || workerId || customerId || search?.trim() || !filter.from || !filter.to) return null;
    if (scope.kind !== 'all' && scope.kind !== 'branch') return null;
    const branches = new Set([scope.kind === 'branch' ? scope.branchId : null, filter.branchId ?? null].filter((b) => b !== null));
    if (branches.size > 1) return null;
    const [branch] = [...branches];
    const from = new Date(filter.from);
    const to = new Date(filter.to);
    const HOUR = 3_600_000;
    const wholeFrom = Math.ceil(from.getTime() / HOUR) * HOUR;
    const wholeTo = Math.max(Math.floor(to.getTime() / HOUR) * HOUR, wholeFrom);
    const iso = (ms: number) => new Date(ms).toISOString();
    const params: unknown[] = [
      iso(wholeFrom).slice(0, 13),
      iso(wholeTo).slice(0, 13),
      from.toISOString(),
      iso(Math.min(wholeFrom, to.getTime())),
      iso(Math.max(wholeTo, from.getTime())),
      to.toISOString(),
    ];
    if (branch !== undefined) params.push(branch);
    const start = documentField('appointmentStart');
    const { rows } = await this.orders.pool.query<{ hour: string; channel: string; status: string; count: number }>(
      `SELECT hour, channel, status, sum(orders)::int AS count FROM ${this.orders.qualify(ORDER_HOURS_TABLE)}
       WHERE hour >= $1 AND hour < $2 ${branch === undefined ? '' : 'AND branch = $7'} GROUP BY 1, 2, 3
       UNION ALL
       SELECT hour, channel, status, sum(orders)::int FROM (${orderHourCounts(
         `(SELECT document FROM ${this.orders.table} b WHERE b.document IS NOT NULL
           ${branch === undefined ? '' : `AND ${documentField('branchId')} = $7`}
           AND ((${start} >= $3 AND ${start} < $4) OR (${start} >= $5 AND ${start} < $6))) part_hours`,
       )}) o GROUP BY 1, 2, 3`,
      params,
    );
    // The day is Shanghai's (UTC+8 all year): an hour from 16:00 UTC on is the next day's.
    return rows.map(({ hour, channel, status, count }) => ({
      day: iso(Date.parse(`${hour}:00:00Z`) + 8 * HOUR).slice(0, 10),
      channel: channel || (null as unknown as string),
      status: status || (null as unknown as string),
      count,
    }));
  }

  /**
   * The dashboard's figures, counted in the read model (never row by row in the browser): orders
   * per appointment day (Shanghai time) and channel, and per status, inside the caller's scope.
   */
  async stats(scope: OrderScope, filter: BoardFilter, byContact = true): Promise<OrderStats> {
    await this.contacts.ready();
    const rows = (await this.hourCounts(scope, filter)) ?? (await this.scanCounts(scope, filter, byContact));
    const perDay = new Map<string, { day: string; channel: string; count: number }>();
    const byStatus = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.day} ${row.channel}`;
      const day = perDay.get(key) ?? { day: row.day, channel: row.channel, count: 0 };
      day.count += row.count;
      perDay.set(key, day);
      byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + row.count);
    }
    const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
    return {
      total: [...byStatus.values()].reduce((sum, n) => sum + n, 0),
      perDay: [...perDay.values()].sort(byKey((d) => `${d.day} ${d.channel}`)),
      byStatus: [...byStatus].map(([status, count]) => ({ status, count })).sort(byKey((s) => s.status)),
    };
  }

  async row(orderId: string): Promise<OrderBoardRow | null> {
    if (!UUID.test(orderId)) return null;
    const document = await this.orders.get(orderId.toLowerCase());
    return document && toRow(document);
  }

  detail(orderId: string): Promise<OrderDetailDocument | null> {
    return this.details.get(orderId);
  }

  /**
   * Waits until the read models hold an order's event at `position`, so a mutation can answer with
   * what it did. The detail takes every order event and is applied after the board.
   */
  async projected(orderId: string, position: number, timeoutMs: number): Promise<OrderBoardRow | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const applied = await this.details.appliedPosition(orderId, `order-${orderId}`);
      if (applied >= position || Date.now() > deadline) return this.row(orderId);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
}
