import { Card, Col, DatePicker, Row, Space, Statistic, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { Chart } from '../ui/chart';
import { ProblemAlert } from '../ui/problem-alert';

const OrderStatsDocument = graphql(`
  query OrderStats($filter: OrderBoardFilter) {
    orderStats(filter: $filter) {
      total
      perDay {
        day
        channel
        count
      }
      byStatus {
        status
        count
      }
    }
  }
`);

const FUNNEL = ['placed', 'assigned', 'in_progress', 'completed', 'closed'];

/** Orders per day by channel and the status funnel, counted on the server for the caller's scope. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('day').subtract(7, 'day'), dayjs().startOf('day').add(7, 'day')]);
  const variables = useMemo(
    () => ({ filter: { from: range[0].toISOString(), to: range[1].add(1, 'day').toISOString() } }),
    [range],
  );
  const [{ data, error }] = useQuery({ query: OrderStatsDocument, variables });
  const stats = data?.orderStats;

  const perDay = useMemo(() => {
    const days = [...new Set(stats?.perDay.map((d) => d.day))].sort();
    const channels = [...new Set(stats?.perDay.map((d) => d.channel))].sort();
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: channels.map((c) => t(`channels.${c}`, { defaultValue: c })) },
      grid: { left: 40, right: 16, bottom: 24, top: 40 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: channels.map((channel) => ({
        name: t(`channels.${channel}`, { defaultValue: channel }),
        type: 'bar',
        stack: 'orders',
        data: days.map((day) => stats?.perDay.find((d) => d.day === day && d.channel === channel)?.count ?? 0),
      })),
    };
  }, [stats, t]);

  const funnel = useMemo(() => {
    const count = (status: string) => stats?.byStatus.find((s) => s.status === status)?.count ?? 0;
    // Each stage counts the orders that reached it: an order completed was placed and assigned too.
    const reached = FUNNEL.map((_, i) => FUNNEL.slice(i).reduce((sum, s) => sum + count(s), 0));
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          label: { formatter: '{b}: {c}' },
          data: FUNNEL.map((status, i) => ({ name: t(`status.${status}`), value: reached[i] })),
        },
      ],
    };
  }, [stats, t]);

  return (
    <section aria-labelledby="dashboard-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} id="dashboard-title" style={{ fontSize: 22, margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <DatePicker.RangePicker
          aria-label={t('dashboard.range')}
          value={range}
          allowClear={false}
          onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
        />
      </Space>
      {!data && <ProblemAlert error={error} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={6}>
          <Card size="small">
            <Statistic title={t('dashboard.total')} value={stats?.total ?? 0} />
          </Card>
          <Card size="small" style={{ marginTop: 16 }}>
            <Statistic title={t('dashboard.cancelled')} value={stats?.byStatus.find((s) => s.status === 'cancelled')?.count ?? 0} />
          </Card>
        </Col>
        <Col xs={24} md={18}>
          <Card size="small" title={t('dashboard.perDay')}>
            <Chart option={perDay} label={t('dashboard.perDay')} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('dashboard.funnel')}>
            <Chart option={funnel} label={t('dashboard.funnel')} />
          </Card>
        </Col>
      </Row>
    </section>
  );
}
