import { DatePicker, Segmented, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { StationJobsQuery } from '../gql/graphql';
import { timeWindow } from '../i18n/format';
import { ProblemAlert } from '../ui/problem-alert';
import { StatusTag } from '../ui/status-tag';

// orders' board, not dispatch's: the orders subgraph already narrows a station leader's board to
// the orders their station's workers hold or are offered, pages and counts it, and takes any range
// (a week); dispatchBoard answers one day of a branch at a time.
const StationJobsDocument = graphql(`
  query StationJobs($filter: OrderBoardFilter, $page: PageInput) {
    orderBoard(filter: $filter, page: $page) {
      total
      items {
        id
        status
        channelOrderId
        branchId
        item {
          nameZh
          nameEn
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
      }
    }
  }
`);

const PAGE_SIZE = 20;
type Row = StationJobsQuery['orderBoard']['items'][number];
type Span = 'day' | 'week';

/** A Shanghai day's first instant. */
const shanghaiMidnight = (day: Dayjs) => new Date(`${day.format('YYYY-MM-DD')}T00:00:00+08:00`);

/** The station's jobs for a day or a week: worker, window, status, and the order's page. */
export default function StationJobsPage() {
  const { t, i18n } = useTranslation();
  const [span, setSpan] = useState<Span>('day');
  const [day, setDay] = useState<Dayjs>(dayjs());
  const [page, setPage] = useState(1);
  const variables = useMemo(() => {
    const first = span === 'week' ? day.startOf('week') : day;
    const from = shanghaiMidnight(first);
    const to = new Date(from.getTime() + (span === 'week' ? 7 : 1) * 86_400_000);
    return { filter: { from: from.toISOString(), to: to.toISOString() }, page: { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE } };
  }, [span, day, page]);
  const [{ data, error, fetching }] = useQuery({ query: StationJobsDocument, variables, requestPolicy: 'cache-and-network' });
  const board = data?.orderBoard;
  return (
    <section aria-labelledby="station-jobs-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', marginBottom: 16 }}>
        <div>
          <Typography.Title level={1} id="station-jobs-title" style={{ fontSize: 22, margin: 0 }}>
            {t('station.jobs.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('station.jobs.scope')}</Typography.Text>
        </div>
        <Space wrap>
          <Segmented
            value={span}
            onChange={(value) => {
              setSpan(value as Span);
              setPage(1);
            }}
            options={[
              { value: 'day', label: t('station.jobs.day') },
              { value: 'week', label: t('station.jobs.week') },
            ]}
          />
          <DatePicker
            aria-label={t('station.jobs.date')}
            picker={span === 'week' ? 'week' : 'date'}
            value={day}
            allowClear={false}
            onChange={(value) => {
              if (value) setDay(value);
              setPage(1);
            }}
          />
        </Space>
      </Space>
      {!data && <ProblemAlert error={error} />}
      <Table<Row>
        rowKey="id"
        loading={fetching && !data}
        dataSource={board?.items ?? []}
        onRow={(row) => ({ 'data-order-id': row.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: board?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('station.jobs.total', { count: total }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('inbox.order'),
            key: 'id',
            render: (_, row) => <Link to={`/orders/${row.id}`}>{row.channelOrderId ?? row.id.slice(0, 8)}</Link>,
          },
          { title: t('inbox.item'), key: 'item', render: (_, row) => (i18n.language === 'en' ? row.item.nameEn : row.item.nameZh) },
          { title: t('inbox.district'), key: 'district', render: (_, row) => row.address.district },
          { title: t('inbox.appointment'), key: 'window', render: (_, row) => timeWindow(row.appointment.start, row.appointment.end, row.branchId) },
          { title: t('inbox.worker'), key: 'worker', render: (_, row) => row.worker?.name ?? row.workerId ?? t('inbox.unassigned') },
          { title: t('inbox.statusCol'), key: 'status', render: (_, row) => <StatusTag status={row.status} /> },
        ]}
      />
    </section>
  );
}
