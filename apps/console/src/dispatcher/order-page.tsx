import { Button, Card, Col, Descriptions, Form, Input, List, Result, Row, Space, Tag, Timeline, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { useOrderChanged } from '../graph/order-operations';
import { problemFor, problemsOf, type Problem } from '../graph/problems';
import { dateTime, timeWindow } from '../i18n/format';
import { ProblemAlert } from '../ui/problem-alert';
import { StatusTag } from '../ui/status-tag';
import { StoredImage } from '../ui/stored-image';
import { ChangeOrder } from './change-order';

const OrderDocument = graphql(`
  query OrderPage($id: ID!) {
    order(id: $id) {
      id
      status
      channel
      channelOrderId
      branchId
      item {
        nameZh
        nameEn
      }
      customer {
        name
        phone
      }
      address {
        city
        district
        street
      }
      appointment {
        start
        end
      }
      workerId
      worker {
        name
      }
      job {
        done
        total
        checkedInAt
        completedAt
        photos {
          fileId
          kind
        }
        signature {
          fileId
          signerName
          at
        }
      }
      timeline {
        at
        type
        summary
        actorId
      }
      dispatch {
        status
        history {
          at
          what
          workerId
          detail
          by
        }
        whyThisWorker {
          workerId
          how
          manualReason
          policy
          rank
          distanceKm
          explanation
          alternatives {
            rank
            workerId
            distanceKm
            worker {
              name
            }
          }
        }
      }
    }
  }
`);

export const AssignDocument = graphql(`
  mutation AssignWorker($orderId: ID!, $workerId: ID!, $reason: String!) {
    assignWorker(orderId: $orderId, workerId: $workerId, reason: $reason) {
      orderId
      workerId
      overriddenMessages
    }
  }
`);

/** One order: what was asked, where it stands, its timeline, its dispatch and why this worker; assign by hand. */
export default function OrderPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: OrderDocument, variables: { id } });
  useOrderChanged(id, () => refetch({ requestPolicy: 'network-only' }));
  const order = data?.order;
  if (error && !order) return <ProblemAlert error={error} />;
  if (!order)
    return fetching ? null : (
      <Result status="404" title={t('order.missing', { id })} extra={<Link to="/inbox">{t('order.back')}</Link>} role="alert" />
    );
  const why = order.dispatch?.whyThisWorker;
  return (
    <section aria-labelledby="order-title">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Link to="/inbox">← {t('order.back')}</Link>
        <Typography.Title level={1} id="order-title" style={{ fontSize: 22, margin: 0 }}>
          {t('order.title', { id: order.channelOrderId ?? order.id.slice(0, 8) })} <StatusTag status={order.status} />
        </Typography.Title>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('order.summary')} size="small">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('inbox.item')}>
                  {i18n.language === 'en' ? order.item.nameEn : order.item.nameZh}
                </Descriptions.Item>
                <Descriptions.Item label={t('inbox.customer')}>
                  {order.customer.name} {order.customer.phone}
                </Descriptions.Item>
                <Descriptions.Item label={t('order.address')}>
                  {order.address.city} {order.address.district} {order.address.street}
                </Descriptions.Item>
                <Descriptions.Item label={t('inbox.appointment')}>
                  {timeWindow(order.appointment.start, order.appointment.end, order.branchId)}
                </Descriptions.Item>
                <Descriptions.Item label={t('order.channelOrder')}>
                  {t(`channels.${order.channel}`, { defaultValue: order.channel })} {order.channelOrderId ?? ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('inbox.worker')}>
                  {order.worker?.name ?? order.workerId ?? t('inbox.unassigned')}
                  {order.job.total > 0 && ` · ${order.job.done}/${order.job.total}`}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            {(order.job.photos.length > 0 || order.job.signature) && (
              <Card title={t('order.jobEvidence')} size="small" style={{ marginTop: 16 }}>
                <Space wrap>
                  {order.job.photos.map((photo) => (
                    <StoredImage key={photo.fileId} fileId={photo.fileId} alt={t('order.photo', { kind: photo.kind })} />
                  ))}
                  {order.job.signature && (
                    <Space direction="vertical" size={0}>
                      <StoredImage fileId={order.job.signature.fileId} alt={t('order.signature')} size={160} />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {order.job.signature.signerName} · {dateTime(order.job.signature.at, order.branchId)}
                      </Typography.Text>
                    </Space>
                  )}
                </Space>
              </Card>
            )}
            <Card title={t('order.why')} size="small" style={{ marginTop: 16 }}>
              {why ? (
                <Space direction="vertical">
                  <Typography.Text>{why.explanation}</Typography.Text>
                  {why.policy && <Tag>{why.policy}</Tag>}
                  {why.alternatives.length > 0 && (
                    <List
                      size="small"
                      header={t('order.alternatives')}
                      dataSource={why.alternatives}
                      renderItem={(a) => (
                        <List.Item>
                          #{a.rank} {a.worker?.name ?? a.workerId} · {a.distanceKm.toFixed(1)} km
                        </List.Item>
                      )}
                    />
                  )}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('order.noDecision')}</Typography.Text>
              )}
            </Card>
            <AssignForm orderId={order.id} onAssigned={() => refetch({ requestPolicy: 'network-only' })} />
            {(order.status === 'placed' || order.status === 'assigned') && (
              <ChangeOrder orderId={order.id} onChanged={() => refetch({ requestPolicy: 'network-only' })} />
            )}
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('order.timeline')} size="small">
              <Timeline
                items={order.timeline.map((entry) => ({
                  children: (
                    <>
                      <Typography.Text strong>{entry.summary}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {dateTime(entry.at, order.branchId)} · {entry.actorId}
                      </Typography.Text>
                    </>
                  ),
                }))}
              />
            </Card>
            <Card title={t('order.history')} size="small" style={{ marginTop: 16 }}>
              <Timeline
                items={(order.dispatch?.history ?? []).map((step) => ({
                  children: (
                    <>
                      <Typography.Text strong>{t(`steps.${step.what}`, { defaultValue: step.what })}</Typography.Text> {step.workerId ?? ''}
                      {step.detail && <div>{step.detail}</div>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {dateTime(step.at, order.branchId)} · {step.by}
                      </Typography.Text>
                    </>
                  ),
                }))}
              />
            </Card>
          </Col>
        </Row>
      </Space>
    </section>
  );
}

function AssignForm({ orderId, onAssigned }: { orderId: string; onAssigned: () => void }) {
  const { t } = useTranslation();
  const [, assign] = useMutation(AssignDocument);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [form] = Form.useForm<{ workerId: string; reason: string }>();
  const field = (name: string) => {
    const problem = problemFor(problems, name);
    return problem ? { validateStatus: 'error' as const, help: problem.reason } : {};
  };
  const unplaced = problems.filter((p) => p.field !== 'workerId' && p.field !== 'reason');
  return (
    <Card title={t('order.assign')} size="small" style={{ marginTop: 16 }}>
      <Form
        form={form}
        name="assign"
        layout="vertical"
        onFinish={async (values) => {
          const result = await assign({ orderId, ...values });
          setProblems(problemsOf(result.error));
          if (!result.error) {
            void message.success(t('order.assigned', { worker: values.workerId }));
            form.resetFields();
            onAssigned();
          }
        }}
      >
        <Form.Item name="workerId" label={t('order.workerId')} rules={[{ required: true, message: t('errors.required') }]} {...field('workerId')}>
          <Input placeholder="w-demo-001" />
        </Form.Item>
        <Form.Item name="reason" label={t('order.reason')} rules={[{ required: true, message: t('errors.required') }]} {...field('reason')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {unplaced.length > 0 && (
          <Typography.Paragraph type="danger" role="alert">
            {unplaced.map((p) => (p.field ? t('errors.field', { field: p.field, reason: p.reason }) : p.reason)).join('; ')}
          </Typography.Paragraph>
        )}
        <Button type="primary" htmlType="submit">
          {t('order.assignSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
