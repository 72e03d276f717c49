import { Tag } from 'antd';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { statusStyle } from '../ui/theme';
import { minuteAt, minuteOfDay, percentOf, percentOfSpan } from './axis';
import { workerName, type Moving, type Row } from './board-types';
import { JobBar } from './job-bar';

/**
 * A worker's day on the axis: their jobs as bars and the drive between consecutive jobs as a
 * hatched segment after the earlier job, red when the gap is shorter than the drive. The row is
 * a drop target: what is dropped here goes to this worker, at the minute under the pointer.
 */
export function WorkerRow({
  row,
  stationName,
  onDragStart,
  onDrop,
  onOpen,
}: {
  row: Row;
  stationName: string;
  onDragStart: (moving: Moving) => void;
  onDrop: (workerId: string, minute: number) => void;
  onOpen: (moving: Moving) => void;
}) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const name = workerName(row);
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const track = event.currentTarget.getBoundingClientRect();
    onDrop(row.workerId, minuteAt(event.clientX - track.left, track.width));
  };
  const endOf = new Map(row.jobs.map((j) => [j.orderId, j.end]));
  return (
    <li className="schedule-row" data-worker-id={row.workerId} aria-label={name}>
      <div className="schedule-row-label">
        <strong>{name}</strong>
        <span className="schedule-row-station">
          {stationName} · {t('schedule.jobs', { count: row.jobs.length })}
        </span>
        {row.onLeave && <Tag style={statusStyle.placed}>{t('schedule.onLeave')}</Tag>}
        {row.status === 'suspended' && <Tag style={statusStyle.cancelled}>{t('schedule.suspended')}</Tag>}
      </div>
      <div
        className={over ? 'schedule-track schedule-track-over' : 'schedule-track'}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'move';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        {row.drives.map((drive) => {
          const from = endOf.get(drive.fromOrderId);
          if (!from) return null;
          const left = percentOf(minuteOfDay(from));
          const tight = drive.gapMinutes < drive.minutes;
          return (
            <div
              key={drive.toOrderId}
              className={tight ? 'schedule-drive schedule-drive-tight' : 'schedule-drive'}
              style={{ left: `${left}%`, width: `${Math.max(0.4, percentOfSpan(drive.minutes))}%` }}
              title={t('schedule.driveLabel', { minutes: drive.minutes, km: drive.km, gap: drive.gapMinutes })}
            >
              <span className="schedule-drive-label">
                {t('schedule.drive', { minutes: drive.minutes })}
                {tight ? ` · ${t('schedule.tight')}` : ''}
              </span>
            </div>
          );
        })}
        {row.jobs.map((job) => (
          <JobBar key={job.orderId} job={job} workerId={row.workerId} onDragStart={onDragStart} onOpen={onOpen} />
        ))}
      </div>
    </li>
  );
}
