import { Button, Card, Dialog, Form, Space, Steps, Tag, TextArea } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { PhoneLoadError } from '../ui/phone-list';
import { CancelOrderDocument, useOrderChanged } from '../graph/order-operations';
import { problemsOf } from '../graph/problems';
import { AppointmentPicker, timeWindowOf, type Appointment } from './appointment-picker';
import { PhoneImage } from './phone-image';
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
      notes
      attachments {
        fileId
        kind
      }
      product {
        category
        model
        purchaseDate
        fault
      }
    }
  }
`);

const RescheduleDocument = graphql(`
  mutation CustomerReschedule($orderId: ID!, $appointment: TimeWindowInput!, $reason: String!) {
    rescheduleOrder(orderId: $orderId, appointment: $appointment, reason: $reason) {
      id
      appointment {
        start
        end
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
      {order.product && (
        <section aria-label={t('booking.product')} style={{ margin: '8px 0' }}>
          <p style={{ margin: '4px 0' }}>{t('booking.productLine', order.product)}</p>
          <p style={{ margin: '4px 0' }}>{t('booking.faultLine', { fault: order.product.fault })}</p>
        </section>
      )}
      {order.notes && <p style={{ margin: '4px 0' }}>{t('booking.notesLine', { notes: order.notes })}</p>}
      {order.attachments.length > 0 && (
        <section aria-label={t('booking.attachments')} style={{ margin: '8px 0' }}>
          <Space wrap>
            {order.attachments.map((a, i) => (
              <PhoneImage key={a.fileId} fileId={a.fileId} alt={t('booking.photo', { n: i + 1 })} />
            ))}
          </Space>
        </section>
      )}
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
              'aria-label': t('customer.cancel'),
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
      {open && <RescheduleForm orderId={id} branchId={order.branchId} onDone={() => refetch({ requestPolicy: 'network-only' })} />}
    </Card>
  );
}

/** Another day and window for the order; a refusal (too close to the appointment, too soon) under the window. */
function RescheduleForm({ orderId, branchId, onDone }: { orderId: string; branchId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [, reschedule] = useMutation(RescheduleDocument);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (values: { appointment?: Appointment; reason?: string }) => {
    const appointment = timeWindowOf(values.appointment);
    if (!appointment) {
      form.setFields([{ name: 'appointment', errors: [t('booking.required')] }]);
      return;
    }
    setBusy(true);
    setDone(null);
    const result = await reschedule({ orderId, appointment, reason: values.reason?.trim() || t('booking.rescheduleDefaultReason') });
    setBusy(false);
    if (result.error) {
      form.setFields([{ name: 'appointment', errors: problemsOf(result.error).map((p) => p.reason) }]);
      return;
    }
    setDone(t('booking.rescheduled', { window: timeWindow(appointment.start, appointment.end, branchId) }));
    form.resetFields();
    onDone();
  };
  return (
    <Form
      form={form}
      name="reschedule"
      layout="vertical"
      style={{ marginTop: 12 }}
      onFinish={(values) => void submit(values as { appointment?: Appointment; reason?: string })}
      footer={
        <Button block type="submit" color="primary" loading={busy}>
          {t('booking.rescheduleSubmit')}
        </Button>
      }
    >
      <Form.Header>
        <h3 style={{ fontSize: 15, margin: 0 }}>{t('booking.reschedule')}</h3>
      </Form.Header>
      <Form.Item name="appointment" label={t('booking.window')}>
        <AppointmentPicker />
      </Form.Item>
      <Form.Item name="reason" label={t('booking.rescheduleReason')}>
        <TextArea rows={2} />
      </Form.Item>
      {done && (
        <p role="status" style={{ margin: '0 12px' }}>
          {done}
        </p>
      )}
    </Form>
  );
}
