import { Button, Empty, Form, Input, Space, Switch, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { QueueQuery } from '../gql/graphql';
import { problemFor, problemsOf, type Problem } from '../graph/problems';
import { dateTime } from '../i18n/format';
import { ProblemAlert } from '../ui/problem-alert';
import { statusStyle } from '../ui/theme';
import { DeskHeader, useBranchDay } from './branch-day';
import { useOrderName } from './order-name';

const QueueDocument = graphql(`
  query Queue($branchId: ID!, $includeResolved: Boolean) {
    dispatcherQueue(branchId: $branchId, includeResolved: $includeResolved) {
      itemId
      orderId
      order {
        id
        ...OrderName
      }
      branchId
      kind
      message
      details
      raisedAt
      resolvedAt
      resolution
    }
  }
`);

const ResolveQueueItemDocument = graphql(`
  mutation ResolveQueueItem($itemId: ID!, $note: String!) {
    resolveQueueItem(itemId: $itemId, note: $note) {
      itemId
      resolvedAt
      resolution
    }
  }
`);

const RedispatchOrderDocument = graphql(`
  mutation RedispatchOrder($orderId: ID!) {
    redispatchOrder(orderId: $orderId) {
      orderId
      status
    }
  }
`);

type Item = QueueQuery['dispatcherQueue'][number];

/** A queue item's details as JSON, read defensively: an item of a kind not known here shows its message only. */
interface Details {
  reasons?: { workerId: string; rules: string[] }[];
  moreRuledOut?: number;
  byRule?: { rule: string; workers: number }[];
  kind?: string;
  dueAt?: string;
  workerId?: string | null;
  message?: string;
}

const parseDetails = (json: string): Details => {
  try {
    return JSON.parse(json) as Details;
  } catch {
    return {};
  }
};

/** What a queue item's details say, in words: why each candidate was passed over, the target missed. */
function ItemDetails({ item }: { item: Item }) {
  const { t } = useTranslation();
  const d = parseDetails(item.details);
  const rule = (code: string) => t(`dispatch.rules.${code}`, { defaultValue: code });
  const rules = (codes: string[]) => codes.map(rule).join('、');
  switch (item.kind) {
    case 'dispatch_failed':
      return (
        <Space direction="vertical" size={2}>
          {(d.reasons ?? []).length === 0 && (d.byRule ?? []).length === 0 && (
            <Typography.Text type="secondary">{t('dispatch.queue.noCandidates')}</Typography.Text>
          )}
          {(d.reasons ?? []).length > 0 && (
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {d.reasons!.map((r) => (
                <li key={r.workerId}>{t('dispatch.queue.candidate', { worker: r.workerId, rules: rules(r.rules) })}</li>
              ))}
            </ul>
          )}
          {(d.byRule ?? []).length > 0 && (
            <Typography.Text type="secondary">
              {t('dispatch.queue.ruledOut', { rules: d.byRule!.map((r) => `${rule(r.rule)} ${r.workers}`).join('，') })}
            </Typography.Text>
          )}
        </Space>
      );
    case 'sla_breached':
      return (
        <Typography.Text>
          {t('dispatch.queue.slaKind', { kind: d.kind })}
          {d.dueAt ? ` · ${t('dispatch.queue.dueAt', { at: dateTime(d.dueAt, item.branchId) })}` : ''}
          {d.workerId ? ` · ${t('dispatch.queue.byWorker', { worker: d.workerId })}` : ''}
        </Typography.Text>
      );
    case 'released':
      return (
        <Typography.Text>
          {d.workerId ? `${t('dispatch.queue.byWorker', { worker: d.workerId })}：` : ''}
          {d.message}
        </Typography.Text>
      );
    default:
      return null;
  }
}

/**
 * The dispatcher's queue: orders nobody took, jobs a worker gave back, targets missed, orders
 * waiting while auto-dispatch is off. Each says why in words; the dispatcher resolves it with a
 * note, has the order dispatched again, or opens the order to assign it by hand.
 */
export default function QueuePage() {
  const { t } = useTranslation();
  const desk = useBranchDay();
  const [params, setParams] = useSearchParams();
  const includeResolved = params.get('resolved') === '1';
  const orderName = useOrderName();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: QueueDocument,
    variables: { branchId: desk.branchId, includeResolved },
    pause: !desk.branchId,
  });
  const again = () => refetch({ requestPolicy: 'network-only' });
  // The queue read model shows a resolution a moment after the answer: the answer is shown at once.
  const [resolutions, setResolutions] = useState<Map<string, Pick<Item, 'resolvedAt' | 'resolution'>>>(new Map());
  const items = (data?.dispatcherQueue ?? [])
    .map((item) => (item.resolvedAt ? item : { ...item, ...resolutions.get(item.itemId) }))
    .filter((item) => includeResolved || !item.resolvedAt);

  return (
    <section aria-labelledby="queue-title">
      <DeskHeader id="queue-title" title={t('dispatch.queue.title')} desk={desk} withDay={false}>
        <Space>
          <Switch
            id="queue-show-resolved"
            checked={includeResolved}
            onChange={(on) => {
              const next = new URLSearchParams(params);
              if (on) next.set('resolved', '1');
              else next.delete('resolved');
              setParams(next, { replace: true });
            }}
          />
          <label htmlFor="queue-show-resolved">{t('dispatch.queue.showResolved')}</label>
        </Space>
      </DeskHeader>
      {!desk.branchId && <Empty description={t('dispatch.pick.chooseBranch')} />}
      {!data && <ProblemAlert error={error} />}
      {desk.branchId && (
        <Table<Item>
          rowKey="itemId"
          loading={fetching && !data}
          dataSource={items}
          locale={{ emptyText: t('dispatch.queue.none') }}
          onRow={(item) => ({ 'data-item-id': item.itemId, 'data-order-id': item.orderId }) as React.HTMLAttributes<HTMLElement>}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('dispatch.queue.kind'),
              key: 'kind',
              width: 140,
              render: (_, item) => (
                <Space direction="vertical" size={4}>
                  <Tag style={statusStyle[item.kind === 'sla_breached' ? 'cancelled' : item.kind === 'dispatch_failed' ? 'placed' : 'assigned']}>
                    {t(`dispatch.queue.kinds.${item.kind}`, { defaultValue: item.kind })}
                  </Tag>
                  {item.resolvedAt && <Tag style={statusStyle.completed}>{t('dispatch.queue.resolved')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('dispatch.queue.order'),
              key: 'order',
              render: (_, item) => <Link to={`/orders/${item.orderId}`}>{orderName(item.order, item.orderId)}</Link>,
            },
            {
              title: t('dispatch.queue.details'),
              key: 'details',
              render: (_, item) => (
                <Space direction="vertical" size={4}>
                  <ItemDetails item={item} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {item.message}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('dispatch.queue.raisedAt'), key: 'raisedAt', width: 130, render: (_, item) => dateTime(item.raisedAt, item.branchId) },
            {
              title: t('dispatch.queue.actions'),
              key: 'actions',
              width: 320,
              render: (_, item) =>
                item.resolvedAt ? (
                  <Typography.Text>
                    {t('dispatch.queue.resolvedAt', { at: dateTime(item.resolvedAt, item.branchId), resolution: item.resolution })}
                  </Typography.Text>
                ) : (
                  <ItemActions
                    item={item}
                    onResolved={(resolved) => setResolutions((current) => new Map(current).set(item.itemId, resolved))}
                    onDone={again}
                  />
                ),
            },
          ]}
        />
      )}
    </section>
  );
}

/** Resolve with a note (a refusal shown on the note), dispatch again, or assign by hand on the order's page. */
function ItemActions({
  item,
  onResolved,
  onDone,
}: {
  item: Item;
  onResolved: (resolved: Pick<Item, 'resolvedAt' | 'resolution'>) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const [{ fetching: resolving }, resolve] = useMutation(ResolveQueueItemDocument);
  const [{ fetching: redispatching }, redispatch] = useMutation(RedispatchOrderDocument);
  const [problems, setProblems] = useState<Problem[]>([]);
  const noteProblem = problemFor(problems, 'note');
  const other = problems.filter((p) => p !== noteProblem);
  return (
    <Form form={form} name={`resolve-${item.itemId}`} layout="vertical" size="small">
      <Form.Item
        name="note"
        label={t('dispatch.queue.note')}
        rules={[{ required: true, whitespace: true, message: t('errors.required') }]}
        style={{ marginBottom: 8 }}
        {...(noteProblem ? { validateStatus: 'error' as const, help: noteProblem.reason } : {})}
      >
        <Input />
      </Form.Item>
      {other.length > 0 && (
        <Typography.Paragraph type="danger" role="alert">
          {other.map((p) => (p.field ? t('errors.field', { field: p.field, reason: p.reason }) : p.reason)).join('; ')}
        </Typography.Paragraph>
      )}
      <Space wrap>
        <Button
          type="primary"
          loading={resolving}
          onClick={async () => {
            setProblems([]);
            // An empty note is refused on the field by the form itself.
            const values = await form.validateFields().catch(() => null);
            if (!values) return;
            const result = await resolve({ itemId: item.itemId, note: values.note });
            setProblems(problemsOf(result.error));
            if (result.data) {
              void message.success(t('dispatch.queue.resolved'));
              onResolved(result.data.resolveQueueItem);
              onDone();
            }
          }}
        >
          {t('dispatch.queue.resolve')}
        </Button>
        <Button
          loading={redispatching}
          onClick={async () => {
            const result = await redispatch({ orderId: item.orderId });
            setProblems(problemsOf(result.error));
            if (result.data) {
              const status = t(`dispatch.statuses.${result.data.redispatchOrder.status}`);
              void message.success(t('dispatch.queue.redispatched', { status }));
              onDone();
            }
          }}
        >
          {t('dispatch.queue.redispatch')}
        </Button>
        <Link to={`/orders/${item.orderId}`}>{t('dispatch.queue.assignByHand')}</Link>
      </Space>
    </Form>
  );
}
