import { Button, Card, Dialog, Steps, Tag, TextArea } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { PhoneLoadError } from '../ui/phone-list';
import { CancelOrderDocument, useOrderChanged } from '../graph/order-operations';
import { problemsOf } from '../graph/problems';
import { timeWindow } from '../i18n/format';

const CustomerOrderDocument = graphql(`
  query CustomerOrder($id: ID!) {
    order(id: $id) {
      id
      status
      branchId
      item {
        nameZh
        nameEn
      }
      address {
        district
        street
      }
      appointment {
        start
        end
      }
      worker {
        displayName
      }
      cancellation {
        reason
      }
    }
  }
`);

const STEPS = ['placed', 'assigned', 'in_progress', 'completed'] as const;

/** One order as its customer follows it, live: who comes, when, where it stands; cancel within the rules. */
export default function CustomerOrderPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [{ data, error }, refetch] = useQuery({ query: CustomerOrderDocument, variables: { id } });
  useOrderChanged(id, () => refetch({ requestPolicy: 'network-only' }));
  const [, cancel] = useMutation(CancelOrderDocument);
  const [refusal, setRefusal] = useState<string | null>(null);
  const order = data?.order;
  const status = order?.status;
  // A refusal speaks of the order as it was: once it has moved on, it no longer applies.
  useEffect(() => setRefusal(null), [status]);
  if (error && !order) return <PhoneLoadError error={error} />;
  if (!order) return null;
  const step = Math.max(0, STEPS.indexOf(order.status as (typeof STEPS)[number]));
  const open = order.status === 'placed' || order.status === 'assigned';
  return (
    <Card
      title={<h2 style={{ fontSize: 17, margin: 0 }}>{i18n.language === 'en' ? order.item.nameEn : order.item.nameZh}</h2>}
      extra={
        <span role="status" aria-label={t('customer.status')}>
          <Tag>{t(`status.${order.status}`)}</Tag>
        </span>
      }
    >
      <p style={{ margin: 0 }}>{timeWindow(order.appointment.start, order.appointment.end, order.branchId)}</p>
      <p style={{ margin: '4px 0' }}>
        {order.address.district} {order.address.street}
      </p>
      <p style={{ margin: '4px 0 12px' }}>
        {order.worker
          ? t('customer.worker', { name: order.worker.displayName })
          : order.status === 'placed'
            ? t('customer.noWorker')
            : order.status === 'assigned' && t('customer.workerComing')}
      </p>
      {order.status !== 'cancelled' && (
        <Steps current={step}>
          {STEPS.map((s) => (
            <Steps.Step key={s} title={t(`status.${s}`)} />
          ))}
        </Steps>
      )}
      {order.cancellation && <p>{t('customer.cancelled', { reason: order.cancellation.reason })}</p>}
      {refusal && (
        <p role="alert" style={{ color: '#b00020' }}>
          {refusal}
        </p>
      )}
      {open && (
        <Button
          block
          onClick={() => {
            let reason = '';
            void Dialog.confirm({
              title: t('customer.cancel'),
              content: <TextArea rows={2} placeholder={t('customer.cancelReason')} aria-label={t('customer.cancelReason')} onChange={(v) => (reason = v)} />,
              confirmText: t('customer.cancelConfirm'),
              cancelText: t('customer.keep'),
              onConfirm: async () => {
                const result = await cancel({ orderId: id, reason: reason.trim() || t('customer.cancelReason') });
                setRefusal(problemsOf(result.error).map((p) => p.reason).join('; ') || null);
                if (!result.error) refetch({ requestPolicy: 'network-only' });
              },
            });
          }}
        >
          {t('customer.cancel')}
        </Button>
      )}
    </Card>
  );
}
