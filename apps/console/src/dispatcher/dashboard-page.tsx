import { Card, Col, DatePicker, Row, Select, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useSession } from '../auth/session-context';
import { ProblemAlert } from '../ui/problem-alert';
import {
  OutcomesChart,
  ReasonsChart,
  SlaBreachesChart,
  TimeToAssignBucketsChart,
  TimeToAssignChart,
} from './dashboard/dispatch-charts';
import { duration } from './dashboard/figures';
import { OrdersPerDayChart, StatusFunnelChart } from './dashboard/order-charts';
import { DispatchStatsDocument, OrderStatsDocument } from './dashboard/queries';
import { WeekLoadChart } from './dashboard/week-load-chart';
import { BranchesDocument } from '../graph/branches';
import { today as todayIn } from '../i18n/format';

/** Branches a cross-branch role may narrow to (the demo's; a branch list from the graph can replace it). */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The start of a Shanghai day as an instant. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

/**
 * The operations dashboard: orders per day and the status funnel (orders), and how dispatch went
 * (dispatch): outcomes, why workers were passed over, time to assignment, missed targets, and the
 * week's load per worker. Every figure is counted on the server in the caller's scope; the period
 * (appointment days in Shanghai, the last 7 by default) and the branch are in the address.
 */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const [branches] = useQuery({ query: BranchesDocument });
  const [params, setParams] = useSearchParams();
  const today = todayIn();
  const from = DAY.test(params.get('from') ?? '') ? params.get('from')! : addDays(today, -6);
  const to = DAY.test(params.get('to') ?? '') ? params.get('to')! : today;
  const crossBranch = !session.principal.branch;
  const branchId = crossBranch ? params.get('branch') || null : null;

  const period = useMemo(() => ({ from: dayStart(from), to: dayStart(addDays(to, 1)) }), [from, to]);
  const orderVariables = useMemo(() => ({ filter: { ...period, ...(branchId ? { branchId } : {}) } }), [period, branchId]);
  const dispatchVariables = useMemo(() => ({ filter: { ...period, branchId } }), [period, branchId]);
  const [orders] = useQuery({ query: OrderStatsDocument, variables: orderVariables });
  const [dispatch] = useQuery({ query: DispatchStatsDocument, variables: dispatchVariables });
  const orderStats = orders.data?.orderStats;
  const stats = dispatch.data?.dispatchStats;

  const change = (next: Record<string, string | null>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) if (value) merged.set(key, value); else merged.delete(key);
    setParams(merged, { replace: true });
  };
  const assignedShare = stats && stats.orders > 0 ? Math.round((stats.assigned / stats.orders) * 1000) / 10 : null;

  return (
    <section aria-labelledby="dashboard-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} id="dashboard-title" style={{ fontSize: 22, margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <Space wrap>
          {crossBranch && (
            <Select
              aria-label={t('dashboard.branch')}
              style={{ minWidth: 140 }}
              value={branchId ?? ''}
              onChange={(value: string) => change({ branch: value || null })}
              options={[
                { value: '', label: t('dashboard.allBranches') },
                ...(branches.data?.branches ?? []).map((b) => ({ value: b.id, label: i18n.language === 'en' ? b.name.en : b.name.zh })),
              ]}
            />
          )}
          <DatePicker.RangePicker
            aria-label={t('dashboard.range')}
            value={[dayjs(from), dayjs(to)]}
            allowClear={false}
            onChange={(value) =>
              value?.[0] && value[1] && change({ from: value[0].format('YYYY-MM-DD'), to: value[1].format('YYYY-MM-DD') })
            }
          />
        </Space>
      </Space>
      {!orders.data && <ProblemAlert error={orders.error} />}
      {!dispatch.data && <ProblemAlert error={dispatch.error} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} loading={orders.fetching && !orderStats}>
            <Statistic title={t('dashboard.total')} value={orderStats?.total ?? 0} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} loading={dispatch.fetching && !stats}>
            <Statistic title={t('dashboard.assignedShare')} value={assignedShare ?? '–'} suffix={assignedShare === null ? undefined : '%'} />
            <Typography.Text type="secondary">
              {t('dashboard.assignedOf', { assigned: stats?.assigned ?? 0, orders: stats?.orders ?? 0 })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} loading={dispatch.fetching && !stats}>
            <Statistic
              title={t('dashboard.medianToAssign')}
              value={stats?.medianSecondsToAssign == null ? '–' : duration(stats.medianSecondsToAssign)}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} loading={dispatch.fetching && !stats}>
            <Statistic title={t('dashboard.slaBreaches')} value={stats?.slaBreaches ?? 0} />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <OrdersPerDayChart stats={orderStats} loading={orders.fetching && !orderStats} />
        </Col>
        <Col xs={24} lg={8}>
          <StatusFunnelChart stats={orderStats} loading={orders.fetching && !orderStats} />
        </Col>
        <Col xs={24} lg={12}>
          <OutcomesChart stats={stats} loading={dispatch.fetching && !stats} />
        </Col>
        <Col xs={24} lg={12}>
          <ReasonsChart stats={stats} loading={dispatch.fetching && !stats} />
        </Col>
        <Col xs={24} lg={12}>
          <TimeToAssignChart stats={stats} loading={dispatch.fetching && !stats} />
        </Col>
        <Col xs={24} lg={12}>
          <TimeToAssignBucketsChart stats={stats} loading={dispatch.fetching && !stats} />
        </Col>
        <Col xs={24} lg={12}>
          <SlaBreachesChart stats={stats} loading={dispatch.fetching && !stats} />
        </Col>
        <Col xs={24} lg={12}>
          <WeekLoadChart week={stats?.weekLoad} loading={dispatch.fetching && !stats} />
        </Col>
      </Row>
    </section>
  );
}
