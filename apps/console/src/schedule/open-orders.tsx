import { Button, Card, Empty, Tag, Typography } from 'antd';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { timeWindow } from '../i18n/format';
import { statusStyle } from '../ui/theme';
import { orderLabel, type Moving, type OpenOrder } from './board-types';

/** The day's orders nobody holds (waiting, released, failed): each dragged onto a worker, or assigned by button. */
export function OpenOrders({
  orders,
  onDragStart,
  onOpen,
}: {
  orders: OpenOrder[];
  onDragStart: (moving: Moving) => void;
  onOpen: (moving: Moving) => void;
}) {
  const { t, i18n } = useTranslation();
  const movingOf = (o: OpenOrder): Moving => ({
    orderId: o.orderId,
    label: orderLabel(o.order, o.orderId, i18n.language),
    start: o.start,
    end: o.end,
    workerId: null,
    grabMinutes: 0,
  });
  return (
    <Card size="small" title={<h2 className="schedule-card-title">{t('schedule.unassigned')}</h2>}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('schedule.unassignedHint')}
      </Typography.Paragraph>
      {orders.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('schedule.noneUnassigned')} />
      ) : (
        <ul className="schedule-open" aria-label={t('schedule.unassigned')}>
          {orders.map((o) => {
            const moving = movingOf(o);
            return (
              <li
                key={o.orderId}
                data-order-id={o.orderId}
                draggable
                onDragStart={(event: DragEvent<HTMLLIElement>) => {
                  event.dataTransfer.setData('text/plain', o.orderId);
                  event.dataTransfer.effectAllowed = 'move';
                  onDragStart(moving);
                }}
              >
                <div className="schedule-open-what">{moving.label}</div>
                <div className="schedule-open-when">
                  {timeWindow(o.start, o.end)} · {o.district}
                </div>
                <div className="schedule-open-actions">
                  <Tag style={o.dispatchStatus === 'failed' ? statusStyle.cancelled : statusStyle.placed}>
                    {t(`schedule.dispatchStatus.${o.dispatchStatus}`)}
                  </Tag>
                  <Button size="small" onClick={() => onOpen(moving)} aria-label={`${t('schedule.assign')} ${moving.label}`}>
                    {t('schedule.assign')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
