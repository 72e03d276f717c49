import type { EventEnvelope } from '@platform/contracts';
import type { PostgresDocuments, ReadModel } from '@platform/eventing';

export type QueueKind = 'dispatch_failed' | 'auto_dispatch_off' | 'sla_breached' | 'released';
type ItemDoc = {
  itemId: string;
  kind: QueueKind;
  details: Record<string, unknown>;
  raisedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
};
/** One order's items in the dispatcher's queue. */
export interface OrderQueue {
  orderId: string;
  branchId: string;
  items: ItemDoc[];
  /** When the order last got a worker: an item raised before it (read late) is resolved by it. */
  assigned: { at: string; resolution: string } | null;
}
export interface QueueItem {
  itemId: string;
  orderId: string;
  branchId: string;
  kind: QueueKind;
  details: Record<string, unknown>;
  raisedAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
}

type Data = Record<string, string>;
/** SLA breaches stay until a dispatcher acts; the rest wait for a worker. */
const waitsForWorker = (item: ItemDoc) => item.kind !== 'sla_breached';

function raise(queue: OrderQueue, event: EventEnvelope): OrderQueue {
  const { itemId, branchId, kind, details } = event.data as Pick<ItemDoc, 'itemId' | 'kind' | 'details'> & {
    branchId: string;
  };
  if (queue.items.some((i) => i.itemId === itemId)) return queue;
  // An order has at most one open item of each kind but SLA breaches: a failed order dispatched
  // again and failing again shows the latest reasons in its open item rather than a second one.
  const open = queue.items.find((i) => i.kind === kind && i.resolvedAt === null && kind !== 'sla_breached');
  if (open)
    return { ...queue, branchId, items: queue.items.map((i) => (i === open ? { ...i, details } : i)) };
  const item: ItemDoc = {
    itemId,
    kind,
    details,
    raisedAt: event.occurredAt,
    resolvedAt: null,
    resolution: null,
  };
  const { assigned } = queue;
  const resolved =
    assigned && waitsForWorker(item) && Date.parse(assigned.at) > Date.parse(event.occurredAt)
      ? { ...item, resolvedAt: assigned.at, resolution: assigned.resolution }
      : item;
  return { ...queue, branchId, items: [...queue.items, resolved] };
}

const resolve = (item: ItemDoc, at: string, resolution: string): ItemDoc =>
  item.resolvedAt === null ? { ...item, resolvedAt: at, resolution } : item;

/**
 * The dispatcher's queue, from dispatch's own log: items raised (QueueItemRaised: nobody took the
 * order, a worker was released, a target was missed, auto-dispatch is off), resolved by a
 * dispatcher (QueueItemResolved), or by the order getting a worker (TechnicianAssigned). In
 * PostgreSQL (ADR 0010): a branch's open items are filtered and sorted across orders in SQL.
 */
export const dispatcherQueue: ReadModel<OrderQueue, 'postgres'> = {
  name: 'dispatcher_queue_items',
  store: 'postgres',
  handles: ['QueueItemRaised', 'QueueItemResolved', 'TechnicianAssigned'],
  ids: (event) => [(event.data as Data).orderId!],
  evolve(queue, event, orderId) {
    const data = event.data as Data;
    switch (event.type) {
      case 'QueueItemRaised':
        return raise(queue ?? { orderId, branchId: data.branchId!, items: [], assigned: null }, event);
      case 'QueueItemResolved':
        return (
          queue && {
            ...queue,
            items: queue.items.map((i) =>
              i.itemId === data.itemId ? resolve(i, event.occurredAt, data.resolution!) : i,
            ),
          }
        );
      default: {
        if (!queue) return null;
        const assigned = { at: event.occurredAt, resolution: `assigned to ${data.workerId} (${data.how})` };
        return {
          ...queue,
          assigned,
          items: queue.items.map((i) =>
            waitsForWorker(i) ? resolve(i, assigned.at, assigned.resolution) : i,
          ),
        };
      }
    }
  },
  indexes: [{ fields: { branchId: 1 } }],
};

/** Items of the queue, oldest first (at most `limit`). */
export async function queueItems(
  docs: PostgresDocuments<OrderQueue>,
  filter: {
    itemId?: string;
    branchId?: string;
    orderId?: string;
    open?: boolean;
    /** Only items naming one of these workers, or about an order one of them holds (a station's part). */
    about?: { workerIds: string[]; orderIds: string[] };
    limit?: number;
  },
): Promise<QueueItem[]> {
  const { rows } = await docs.pool.query(
    `SELECT q.id AS order_id, q.document->>'branchId' AS branch_id, item
     FROM ${docs.table} q, jsonb_array_elements(q.document->'items') item
     WHERE q.document IS NOT NULL
       AND ($1::text IS NULL OR item->>'itemId' = $1) AND ($2::text IS NULL OR q.document->>'branchId' = $2)
       AND ($3::text IS NULL OR q.id = $3) AND (NOT $4 OR item->>'resolvedAt' IS NULL)
       AND ($6::text[] IS NULL OR item->'details'->>'workerId' = ANY($6) OR q.id = ANY($7::text[]))
     ORDER BY item->>'raisedAt' LIMIT $5`,
    [
      filter.itemId ?? null,
      filter.branchId ?? null,
      filter.orderId ?? null,
      filter.open ?? false,
      filter.limit ?? 200,
      filter.about?.workerIds ?? null,
      filter.about?.orderIds ?? [],
    ],
  );
  return rows.map(
    ({ order_id, branch_id, item }: { order_id: string; branch_id: string; item: ItemDoc }) => ({
      itemId: item.itemId,
      orderId: order_id,
      branchId: branch_id,
      kind: item.kind,
      details: item.details,
      raisedAt: new Date(item.raisedAt),
      resolvedAt: item.resolvedAt ? new Date(item.resolvedAt) : null,
      resolution: item.resolution,
    }),
  );
}
