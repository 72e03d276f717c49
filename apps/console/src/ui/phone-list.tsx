import { Empty, ErrorBlock, List, Tag } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { CombinedError } from 'urql';
import { problemsOf } from '../graph/problems';
import { timeWindow } from '../i18n/format';

/** A phone page that could not load: the reason, instead of a blank screen. */
export function PhoneLoadError({ error }: { error: CombinedError | undefined }) {
  return <ErrorBlock status="default" title={problemsOf(error)[0]?.reason} description="" />;
}

interface ListedOrder {
  id: string;
  status: string;
  branchId: string;
  item: { nameZh: string; nameEn: string };
  appointment: { start: string; end: string };
  address?: { district: string; street: string };
}

/** Orders as a phone lists them (a customer's orders, a worker's jobs): what, when, where, status. */
export function PhoneOrderList({ orders, linkTo, empty, header }: { orders: ListedOrder[]; linkTo: (id: string) => string; empty: string; header?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  if (orders.length === 0) return <Empty description={empty} />;
  return (
    <List header={header}>
      {orders.map((order) => (
        <List.Item
          key={order.id}
          onClick={() => navigate(linkTo(order.id))}
          description={[
            timeWindow(order.appointment.start, order.appointment.end, order.branchId),
            order.address && `${order.address.district} ${order.address.street}`,
          ]
            .filter(Boolean)
            .join(' · ')}
          extra={<Tag>{t(`status.${order.status}`)}</Tag>}
        >
          {i18n.language === 'en' ? order.item.nameEn : order.item.nameZh}
        </List.Item>
      ))}
    </List>
  );
}
