import { Button, Card, DatePicker, Form, Input, Popconfirm, Space, Typography, message } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { CancelOrderDocument } from '../graph/order-operations';
import { problemFor, problemsOf, type Problem } from '../graph/problems';

export const RescheduleDocument = graphql(`
  mutation RescheduleOrder($orderId: ID!, $appointment: TimeWindowInput!, $reason: String!) {
    rescheduleOrder(orderId: $orderId, appointment: $appointment, reason: $reason) {
      id
      status
    }
  }
`);

interface Values {
  window?: [Dayjs, Dayjs];
  reason: string;
}

/** Reschedule or cancel an order, always with a reason; a refusal is shown by the field it names. */
export function ChangeOrder({ orderId, onChanged }: { orderId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [, reschedule] = useMutation(RescheduleDocument);
  const [, cancel] = useMutation(CancelOrderDocument);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [form] = Form.useForm<Values>();
  const answered = (error: Parameters<typeof problemsOf>[0], done: string) => {
    setProblems(problemsOf(error));
    if (!error) {
      void message.success(done);
      form.resetFields();
      onChanged();
    }
  };
  const windowProblem = problems.find((p) => p.field === 'start' || p.field === 'end' || p.field === 'appointment');
  const reasonProblem = problemFor(problems, 'reason');
  const other = problems.filter((p) => p !== windowProblem && p !== reasonProblem);
  return (
    <Card title={t('change.title')} size="small" style={{ marginTop: 16 }}>
      <Form form={form} name="change" layout="vertical">
        <Form.Item
          name="window"
          label={t('change.window')}
          {...(windowProblem ? { validateStatus: 'error' as const, help: windowProblem.reason } : {})}
        >
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('change.reason')}
          rules={[{ required: true, message: t('errors.required') }]}
          {...(reasonProblem ? { validateStatus: 'error' as const, help: reasonProblem.reason } : {})}
        >
          <Input />
        </Form.Item>
        {other.length > 0 && (
          <Typography.Paragraph type="danger" role="alert">
            {other.map((p) => (p.field ? t('errors.field', { field: p.field, reason: p.reason }) : p.reason)).join('; ')}
          </Typography.Paragraph>
        )}
        <Space>
          <Button
            onClick={async () => {
              const values = await form.validateFields();
              if (!values.window) {
                setProblems([{ field: 'appointment', reason: t('errors.required'), code: null }]);
                return;
              }
              const [start, end] = values.window;
              const result = await reschedule({
                orderId,
                appointment: { start: start.toISOString(), end: end.toISOString() },
                reason: values.reason,
              });
              answered(result.error, t('change.rescheduled'));
            }}
          >
            {t('change.reschedule')}
          </Button>
          <Popconfirm
            title={t('change.cancelConfirm')}
            okText={t('change.cancel')}
            cancelText={t('customer.keep')}
            onConfirm={async () => {
              const values = await form.validateFields(['reason']);
              const result = await cancel({ orderId, reason: values.reason });
              answered(result.error, t('change.cancelled'));
            }}
          >
            <Button danger>{t('change.cancel')}</Button>
          </Popconfirm>
        </Space>
      </Form>
    </Card>
  );
}
