import type { ScheduleBoardQuery } from '../gql/graphql';

export type Board = ScheduleBoardQuery['scheduleBoard'];
export type Row = Board['rows'][number];
export type Job = Row['jobs'][number];
export type OpenOrder = Board['unassigned'][number];

/** What is being moved: a job on a worker's row, or an order nobody holds. */
export interface Moving {
  orderId: string;
  label: string;
  start: string;
  end: string;
  /** The worker holding it; null for an open order. */
  workerId: string | null;
  /** How far into the bar (in minutes) it was picked up, so a drop keeps the grab point under the pointer. */
  grabMinutes: number;
}

/** Where a move goes: the worker and the start (minute of the Shanghai day). */
export interface Target {
  workerId: string | null;
  startMinute: number;
}

export type BarState = 'assigned' | 'offered' | 'in_progress' | 'completed';

export const stateOf = (job: Pick<Job, 'holding' | 'progress'>): BarState =>
  job.progress === 'checked_in'
    ? 'in_progress'
    : job.progress === 'completed' || job.progress === 'closed'
      ? 'completed'
      : job.holding === 'assigned'
        ? 'assigned'
        : 'offered';

/** An order as a dispatcher names it: the item and the partner's order number, when there is one. */
export function orderLabel(
  order: { channelOrderId?: string | null; item: { nameZh: string; nameEn: string } } | null | undefined,
  orderId: string,
  language: string,
) {
  if (!order) return orderId.slice(0, 8);
  const item = language === 'en' ? order.item.nameEn : order.item.nameZh;
  return order.channelOrderId ? `${item} · ${order.channelOrderId}` : item;
}

export const workerName = (row: Pick<Row, 'workerId' | 'worker'>) => row.worker?.name ?? row.workerId;
