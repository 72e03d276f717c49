import { Card, Col, DatePicker, Row, Segmented, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { useSession } from '../auth/session-context';
import { graphql } from '../gql';
import type { LeaderboardMetric, LeaderboardQuery, LeaderboardScope } from '../gql/graphql';
import { Chart } from '../ui/chart';
import { ProblemAlert } from '../ui/problem-alert';
import { BranchesDocument } from '../graph/branches';

const LeaderboardDocument = graphql(`
  query Leaderboard($month: String!, $scope: LeaderboardScope!, $scopeId: ID!, $metric: LeaderboardMetric!) {
    leaderboard(month: $month, scope: $scope, scopeId: $scopeId, metric: $metric, limit: 50) {
      workers
      entries {
        rank
        workerId
        value
        worker {
          name
        }
        totals {
          jobsCompleted
          hoursServed
        }
      }
    }
  }
`);

export const METRICS: LeaderboardMetric[] = ['JOBS_COMPLETED', 'HOURS_WITHOUT_INCIDENT', 'HOURS_WITHOUT_COMPLAINT'];
type Entry = LeaderboardQuery['leaderboard']['entries'][number];
const name = (e: Entry) => e.worker?.name ?? e.workerId;

/** A station's or a branch's monthly board: the table and the same ranking as a bar chart. */
export default function LeaderboardsPage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const { principal } = session;
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [scope, setScope] = useState<LeaderboardScope>('STATION');
  const [chosen, setChosen] = useState<Partial<Record<LeaderboardScope, string>>>({});
  const [metric, setMetric] = useState<LeaderboardMetric>('JOBS_COMPLETED');
  const [{ data: org, error: orgError }] = useQuery({ query: BranchesDocument });
  const local = (name: { zh: string; en: string }) => (i18n.language === 'en' ? name.en : name.zh);
  const branches = org?.branches ?? [];
  const options =
    scope === 'STATION'
      ? branches
          .filter((b) => !principal.branch || b.id === principal.branch)
          .flatMap((b) => b.stations.map((s) => ({ value: s.id, label: `${local(b.name)} · ${local(s.name)}` })))
      : branches.filter((b) => !principal.branch || b.id === principal.branch).map((b) => ({ value: b.id, label: local(b.name) }));
  const own = scope === 'STATION' ? principal.station : principal.branch;
  const scopeId = chosen[scope] ?? own ?? options[0]?.value;
  const [{ data, error, fetching }] = useQuery({
    query: LeaderboardDocument,
    variables: { month: month.format('YYYY-MM'), scope, scopeId: scopeId ?? '', metric },
    pause: !scopeId,
  });
  const entries = useMemo(() => data?.leaderboard.entries ?? [], [data]);
  const metricName = t(`station.metrics.${metric}`);

  const chart = useMemo(() => {
    const top = entries.slice(0, 15).reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 100, right: 32, top: 16, bottom: 24 },
      xAxis: { type: 'value', minInterval: metric === 'JOBS_COMPLETED' ? 1 : undefined },
      yAxis: { type: 'category', data: top.map((e) => `${e.rank}. ${name(e)}`) },
      series: [{ type: 'bar', name: metricName, data: top.map((e) => e.value), itemStyle: { color: '#0958d9' }, barMaxWidth: 28, label: { show: true, position: 'right' } }],
    };
  }, [entries, metric, metricName]);

  return (
    <section aria-labelledby="leaderboards-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={1} id="leaderboards-title" style={{ fontSize: 22, margin: 0 }}>
          {t('station.leaderboards.title')}
        </Typography.Title>
        <Space wrap>
          <DatePicker
            aria-label={t('station.leaderboards.month')}
            picker="month"
            value={month}
            allowClear={false}
            onChange={(value) => value && setMonth(value)}
          />
          <Segmented
            aria-label={t('station.leaderboards.scope')}
            value={scope}
            onChange={(value) => setScope(value as LeaderboardScope)}
            options={[
              { value: 'STATION', label: t('station.leaderboards.station') },
              { value: 'BRANCH', label: t('station.leaderboards.branch') },
            ]}
          />
          <Select
            aria-label={t('station.leaderboards.board')}
            value={scopeId}
            onChange={(value: string) => setChosen((current) => ({ ...current, [scope]: value }))}
            options={options}
            style={{ width: 220 }}
          />
          <Select
            aria-label={t('station.leaderboards.metric')}
            value={metric}
            onChange={setMetric}
            options={METRICS.map((m) => ({ value: m, label: t(`station.metrics.${m}`) }))}
            style={{ width: 190 }}
          />
        </Space>
      </Space>
      {!org && <ProblemAlert error={orgError} />}
      {!data && <ProblemAlert error={error} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={data ? t('station.leaderboards.workers', { count: data.leaderboard.workers }) : metricName}>
            <Table<Entry>
              rowKey="workerId"
              size="small"
              loading={fetching && !data}
              dataSource={entries}
              pagination={false}
              locale={{ emptyText: t('station.leaderboards.empty') }}
              columns={[
                { title: t('station.leaderboards.rank'), key: 'rank', width: 70, render: (_, e) => e.rank },
                {
                  title: t('station.leaderboards.worker'),
                  key: 'worker',
                  render: (_, e) => (
                    <Space direction="vertical" size={0}>
                      <span>{name(e)}</span>
                      {e.worker && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {e.workerId}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                { title: metricName, key: 'value', align: 'right', render: (_, e) => e.value },
                ...(metric === 'JOBS_COMPLETED'
                  ? []
                  : [{ title: t('station.leaderboards.jobs'), key: 'jobs', align: 'right' as const, render: (_: unknown, e: Entry) => e.totals.jobsCompleted }]),
                { title: t('station.leaderboards.hours'), key: 'hours', align: 'right', render: (_, e) => e.totals.hoursServed },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('station.leaderboards.chart', { metric: metricName })}>
            <Chart option={chart} label={t('station.leaderboards.chart', { metric: metricName })} height={Math.max(240, entries.slice(0, 15).length * 36 + 48)} />
          </Card>
        </Col>
      </Row>
    </section>
  );
}
