import { Badge, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { InboxQuery, OrderStatus } from '../gql/graphql';
import { dateTime, timeWindow } from '../i18n/format';
import { ProblemAlert } from '../ui/problem-alert';
import { StatusTag } from '../ui/status-tag';
import { statusStyle } from '../ui/theme';

const InboxDocument = graphql(`
  query Inbox($filter: OrderBoardFilter, $page: PageInput) {
    orderBoard(filter: $filter, page: $page) {
      total
      offset
      limit
      countsByStatus {
        status
        count
      }
      items {
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
          district
        }
        appointment {
          start
          end
        }
        workerId
        worker {
          name
        }
        placedAt
      }
    }
  }
`);

const InboxChangesDocument = graphql(`
  subscription InboxChanges {
    orderBoardChanged {
      orderId
      change
    }
  }
`);

const STATUSES: OrderStatus[] = ['placed', 'assigned', 'in_progress', 'completed', 'closed', 'cancelled'];
const CHANNELS = ['', 'app', 'douyin_live', 'tmall', 'brand_aftersales'];
const PAGE_SIZE = 20;
/** How long a changed row stays highlighted. */
const HIGHLIGHT_MS = 6000;

type Row = InboxQuery['orderBoard']['items'][number];

/**
 * The one order inbox across channels: filter by status and channel, search by id, name or phone
 * suffix, counts per status, and orders placed or changed elsewhere appear at once, highlighted.
 * The filters live in the address, so a link or a sign-in after expiry comes back to them.
 */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') as OrderStatus | null;
  const channel = params.get('channel') ?? '';
  const search = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1');
  const [draft, setDraft] = useState(search);
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const variables = useMemo(
    () => ({
      filter: {
        ...(status ? { status: [status] } : {}),
        ...(channel ? { channel } : {}),
        ...(search ? { search } : {}),
      },
      page: { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
    }),
    [status, channel, search, page],
  );
  const [{ data, error, fetching }, refetch] = useQuery({ query: InboxDocument, variables });

  const [highlighted, setHighlighted] = useState<Map<string, string>>(new Map());
  const timers = useRef<number[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  useSubscription({ query: InboxChangesDocument }, (_, event) => {
    const { orderId, change } = event.orderBoardChanged;
    setHighlighted((current) => new Map(current).set(orderId, change));
    timers.current.push(
      window.setTimeout(
        () =>
          setHighlighted((current) => {
            const next = new Map(current);
            next.delete(orderId);
            return next;
          }),
        HIGHLIGHT_MS,
      ),
    );
    refetch({ requestPolicy: 'network-only' });
    return event;
  });

  const board = data?.orderBoard;
  const counts = new Map(board?.countsByStatus.map((c) => [c.status, c.count]));
  const all = [...counts.values()].reduce((sum, n) => sum + n, 0);

  return (
    <section aria-labelledby="inbox-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Typography.Title level={1} id="inbox-title" style={{ fontSize: 22, margin: 0 }}>
          {t('inbox.title')} <Badge status="processing" text={t('inbox.live')} />
        </Typography.Title>
        <Space wrap>
          <Input.Search
            aria-label={t('inbox.search')}
            placeholder={t('inbox.search')}
            allowClear
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(value) => set({ q: value.trim() || null })}
            style={{ width: 260 }}
          />
          <Select
            aria-label={t('inbox.channel')}
            value={channel}
            onChange={(value) => set({ channel: value || null })}
            options={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
            style={{ width: 160 }}
          />
        </Space>
      </Space>
      <Segmented
        style={{ margin: '16px 0' }}
        value={status ?? 'all'}
        onChange={(value) => set({ status: value === 'all' ? null : String(value) })}
        options={[
          { value: 'all', label: `${t('status.all')} ${all}` },
          ...STATUSES.map((s) => ({ value: s, label: `${t(`status.${s}`)} ${counts.get(s) ?? 0}` })),
        ]}
      />
      {/* A row's nested field that fails (a worker's name) does not hide the list. */}
      {!data && <ProblemAlert error={error} />}
      <Table<Row>
        rowKey="id"
        loading={fetching && !data}
        dataSource={board?.items ?? []}
        rowClassName={(row) => (highlighted.has(row.id) ? 'row-changed' : '')}
        onRow={(row) => ({ 'data-order-id': row.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: board?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('inbox.total', { count: total }),
          onChange: (next) => set({ page: String(next) }),
        }}
        columns={[
          {
            title: t('inbox.order'),
            key: 'id',
            render: (_, row) => (
              <Space direction="vertical" size={0}>
                <Link to={`/orders/${row.id}`}>{row.channelOrderId ?? row.id.slice(0, 8)}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`channels.${row.channel}`, { defaultValue: row.channel })} · {dateTime(row.placedAt, row.branchId)}
                </Typography.Text>
                {highlighted.get(row.id) === 'OrderPlaced' && <Tag style={statusStyle.new}>{t('inbox.newOrder')}</Tag>}
              </Space>
            ),
          },
          { title: t('inbox.item'), key: 'item', render: (_, row) => (i18n.language === 'en' ? row.item.nameEn : row.item.nameZh) },
          { title: t('inbox.customer'), key: 'customer', render: (_, row) => `${row.customer.name} ${row.customer.phone}` },
          { title: t('inbox.district'), key: 'district', render: (_, row) => row.address.district },
          {
            title: t('inbox.appointment'),
            key: 'appointment',
            render: (_, row) => timeWindow(row.appointment.start, row.appointment.end, row.branchId),
          },
          { title: t('inbox.worker'), key: 'worker', render: (_, row) => row.worker?.name ?? row.workerId ?? t('inbox.unassigned') },
          { title: t('inbox.statusCol'), key: 'status', render: (_, row) => <StatusTag status={row.status} /> },
        ]}
      />
    </section>
  );
}
