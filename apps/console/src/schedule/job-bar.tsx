import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { timeWindow } from '../i18n/format';
import { statusStyle } from '../ui/theme';
import { minutesAcross, spanOnAxis } from './axis';
import { orderLabel, stateOf, type BarState, type Job, type Moving } from './board-types';

export const barStyle: Record<BarState, (typeof statusStyle)[string]> = {
  assigned: statusStyle.assigned!,
  offered: statusStyle.new!,
  in_progress: statusStyle.in_progress!,
  completed: statusStyle.completed!,
};

/**
 * One job on a worker's row: dragged to move it; a click (or Enter) opens the same move dialog,
 * so the keyboard can do what the mouse does. A started or finished job stays where it is.
 */
export function JobBar({
  job,
  workerId,
  onDragStart,
  onOpen,
}: {
  job: Job;
  workerId: string;
  onDragStart: (moving: Moving) => void;
  onOpen: (moving: Moving) => void;
}) {
  const { t, i18n } = useTranslation();
  const state = stateOf(job);
  const movable = job.progress === 'placed';
  const { left, width } = spanOnAxis(job.start, job.end);
  const label = orderLabel(job.order, job.orderId, i18n.language);
  const moving = (grabMinutes: number): Moving => ({
    orderId: job.orderId,
    label,
    start: job.start,
    end: job.end,
    workerId,
    grabMinutes,
  });
  const start = (event: DragEvent<HTMLButtonElement>) => {
    const bar = event.currentTarget.getBoundingClientRect();
    const track = event.currentTarget.parentElement!.getBoundingClientRect();
    event.dataTransfer.setData('text/plain', job.orderId);
    event.dataTransfer.effectAllowed = 'move';
    onDragStart(moving(minutesAcross(event.clientX - bar.left, track.width)));
  };
  return (
    <button
      type="button"
      className="schedule-bar"
      data-order-id={job.orderId}
      draggable={movable}
      disabled={!movable}
      onDragStart={start}
      onClick={() => onOpen(moving(0))}
      aria-label={t('schedule.bar', {
        item: label,
        window: timeWindow(job.start, job.end),
        state: t(`schedule.holding.${state}`),
      })}
      style={{ left: `${left}%`, width: `${width}%`, ...barStyle[state] }}
    >
      {label}
    </button>
  );
}
