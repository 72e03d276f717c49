import { Alert, Card, DatePicker, Empty, Select, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { useSession } from '../auth/session-context';
import { ProblemAlert } from '../ui/problem-alert';
import { hourMarks, minuteOfDay, movedWindow, shanghaiDay } from './axis';
import type { Moving, Target } from './board-types';
import { barStyle } from './job-bar';
import { MoveDialog, type Rescheduled } from './move-dialog';
import { timeWindow } from '../i18n/format';
import { OpenOrders } from './open-orders';
import { BranchesDocument } from '../graph/branches';
import { ScheduleBoardDocument, ScheduleChangesDocument } from './operations';
import { WorkerRow } from './worker-row';
import './schedule.css';

/**
 * The dispatcher's schedule board: a branch's day, one row per worker with their jobs on a time
 * axis and the drive between them, the orders nobody holds beside it; drag (or open) a job to
 * reassign or reschedule it. The branch and day live in the URL.
 */
export default function SchedulePage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const [{ data: branchData }] = useQuery({ query: BranchesDocument });
  const branches = branchData?.branches ?? [];
  const branchId = params.get('branch') ?? session.principal.branch ?? branches[0]?.id ?? '';
  const day = params.get('day') ?? shanghaiDay();
  const variables = useMemo(() => ({ branchId, day }), [branchId, day]);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ScheduleBoardDocument,
    variables,
    pause: !branchId,
  });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useSubscription({ query: ScheduleChangesDocument }, (_, event) => {
    refresh();
    return event;
  });

  const dragging = useRef<Moving | null>(null);
  const [move, setMove] = useState<{ moving: Moving; target: Target } | null>(null);
  /** The last job rescheduled along its worker's row: the board says so if the server let the worker go. */
  const [rescheduled, setRescheduled] = useState<Rescheduled | null>(null);
  const open = (moving: Moving) =>
    setMove({ moving, target: { workerId: moving.workerId, startMinute: minuteOfDay(moving.start) } });
  const drop = (workerId: string, minute: number) => {
    const moving = dragging.current;
    dragging.current = null;
    if (!moving) return;
    const original = minuteOfDay(moving.start);
    // Across rows is a new worker at the same time; along a row, a new time for the same worker.
    if (moving.workerId !== workerId) return setMove({ moving, target: { workerId, startMinute: original } });
    const { startMinute } = movedWindow(moving.start, moving.end, day, minute - moving.grabMinutes);
    if (startMinute !== original) setMove({ moving, target: { workerId, startMinute } });
  };
  const startDrag = (moving: Moving) => {
    dragging.current = moving;
  };

  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const branch = branches.find((b) => b.id === branchId);
  const stationName = (id: string) => branch?.stations.find((s) => s.id === id)?.name[lang] ?? id;
  const setParam = (key: string, value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set(key, value);
      return next;
    });
  const board = data?.scheduleBoard;
  const letGo =
    rescheduled &&
    board &&
    (board.unassigned.some((o) => o.orderId === rescheduled.orderId) ||
      board.rows.some(
        (r) => r.workerId !== rescheduled.workerId && r.jobs.some((j) => j.orderId === rescheduled.orderId),
      ));

  return (
    <section aria-labelledby="schedule-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={1} id="schedule-title" style={{ fontSize: 22, margin: 0 }}>
          {t('schedule.title')}
          {branch ? ` · ${branch.name[lang]}` : ''}
        </Typography.Title>
        <Space wrap>
          {session.principal.role === 'admin' && (
            <Select
              aria-label={t('schedule.branch')}
              style={{ minWidth: 160 }}
              value={branchId || undefined}
              placeholder={t('schedule.branch')}
              options={branches.map((b) => ({ value: b.id, label: b.name[lang] }))}
              onChange={(value: string) => setParam('branch', value)}
            />
          )}
          <DatePicker
            aria-label={t('schedule.day')}
            allowClear={false}
            value={dayjs(day)}
            onChange={(value) => value && setParam('day', value.format('YYYY-MM-DD'))}
          />
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('schedule.hint')}</Typography.Paragraph>
      <ul className="schedule-legend" aria-label={t('schedule.legend')}>
        {(['assigned', 'offered', 'in_progress', 'completed'] as const).map((state) => (
          <li key={state} style={barStyle[state]}>
            {t(`schedule.holding.${state}`)}
          </li>
        ))}
        <li className="schedule-legend-drive">
          <span className="schedule-swatch" aria-hidden="true" />
          {t('schedule.driveLegend')}
        </li>
      </ul>
      {!board && <ProblemAlert error={error} />}
      {letGo && (
        <Alert
          type="warning"
          showIcon
          closable
          role="alert"
          style={{ marginBottom: 12 }}
          onClose={() => setRescheduled(null)}
          message={t('schedule.released.title', { worker: rescheduled.worker })}
          description={t('schedule.released.body', {
            worker: rescheduled.worker,
            job: rescheduled.label,
            time: timeWindow(rescheduled.window.start, rescheduled.window.end),
          })}
        />
      )}
      <div className="schedule-layout">
        <Card size="small" className="schedule-board" title={<h2 className="schedule-card-title">{t('schedule.workers')}</h2>}>
          {!board && fetching && <Skeleton active />}
          {board && (
            <>
              <div className="schedule-axis" aria-hidden="true">
                <div className="schedule-row-label">{t('schedule.worker')}</div>
                <div className="schedule-axis-hours">
                  {hourMarks().map((h) => (
                    <span key={h.hour} style={{ left: `${h.left}%` }}>
                      {h.label}
                    </span>
                  ))}
                </div>
              </div>
              {board.rows.length === 0 ? (
                <Empty description={t('schedule.noWorkers')} />
              ) : (
                <ul className="schedule-rows" aria-label={t('schedule.workers')}>
                  {board.rows.map((row) => (
                    <WorkerRow
                      key={row.workerId}
                      row={row}
                      stationName={stationName(row.stationId)}
                      onDragStart={startDrag}
                      onDrop={drop}
                      onOpen={open}
                    />
                  ))}
                </ul>
              )}
            </>
          )}
        </Card>
        <div className="schedule-side">
          <OpenOrders orders={board?.unassigned ?? []} onDragStart={startDrag} onOpen={open} />
        </div>
      </div>
      {move && board && (
        <MoveDialog
          key={`${move.moving.orderId}:${move.target.workerId}:${move.target.startMinute}`}
          moving={move.moving}
          target={move.target}
          rows={board.rows}
          day={day}
          onClose={() => setMove(null)}
          onDone={(kept) => {
            setRescheduled(kept ?? null);
            refresh();
          }}
        />
      )}
    </section>
  );
}
