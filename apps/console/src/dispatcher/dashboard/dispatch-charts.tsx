import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispatchStatsQuery } from '../../gql/graphql';
import { ChartCard } from './chart-card';
import { duration, labelOf, shortDay } from './figures';

type Stats = DispatchStatsQuery['dispatchStats'] | undefined;
interface Props {
  stats: Stats;
  loading: boolean;
}

/** How dispatch ended for the period's orders. */
export function OutcomesChart({ stats, loading }: Props) {
  const { t } = useTranslation();
  const data = useMemo(
    () => (stats?.outcomes ?? []).map((o) => ({ name: labelOf('outcome', o.outcome), value: o.count })),
    [stats],
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], label: { formatter: '{b}: {c}' }, data }],
    }),
    [data],
  );
  return (
    <ChartCard
      title={t('dashboard.outcomes')}
      summary={data.map((d) => `${d.name} ${d.value}`)}
      option={option}
      empty={data.length === 0}
      loading={loading}
    />
  );
}

/** The rules that passed workers over, most first. */
export function ReasonsChart({ stats, loading }: Props) {
  const { t } = useTranslation();
  const reasons = useMemo(() => (stats?.reasons ?? []).slice(0, 12).map((r) => ({ name: labelOf('rule', r.rule), value: r.workers })), [stats]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 32, bottom: 24, top: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: reasons.map((r) => r.name) },
      series: [{ type: 'bar', barMaxWidth: 32, data: reasons.map((r) => r.value), label: { show: true, position: 'right' } }],
    }),
    [reasons],
  );
  return (
    <ChartCard
      title={t('dashboard.reasons')}
      summary={reasons.map((r) => `${r.name} ${r.value}`)}
      option={option}
      empty={reasons.length === 0}
      loading={loading}
    />
  );
}

/** Median and p90 time from placing to assignment, per appointment day, in minutes. */
export function TimeToAssignChart({ stats, loading }: Props) {
  const { t } = useTranslation();
  const days = useMemo(() => stats?.timeToAssign ?? [], [stats]);
  const option = useMemo(() => {
    // Seconds while the slowest day stays under two minutes, then minutes, then hours.
    const slowest = Math.max(0, ...days.map((d) => d.p90Seconds));
    const [unit, per] = slowest < 120 ? (['seconds', 1] as const) : slowest < 7200 ? (['minutes', 60] as const) : (['hours', 3600] as const);
    const scaled = (s: number) => Math.round((s / per) * 10) / 10;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => duration(v * per) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, bottom: 24, top: 40 },
      xAxis: { type: 'category', data: days.map((d) => shortDay(d.day)) },
      yAxis: { type: 'value', name: t(`dashboard.${unit}`, { n: '' }).trim() },
      series: [
        { name: t('dashboard.median'), type: 'line', data: days.map((d) => scaled(d.medianSeconds)) },
        { name: t('dashboard.p90'), type: 'line', data: days.map((d) => scaled(d.p90Seconds)) },
      ],
    };
  }, [days, t]);
  const summary = days.map(
    (d) => `${shortDay(d.day)} ${t('dashboard.median')} ${duration(d.medianSeconds)} ${t('dashboard.p90')} ${duration(d.p90Seconds)}`,
  );
  return <ChartCard title={t('dashboard.timeToAssign')} summary={summary} option={option} empty={days.length === 0} loading={loading} />;
}

/** Assigned orders by how long they waited for a worker. */
export function TimeToAssignBucketsChart({ stats, loading }: Props) {
  const { t } = useTranslation();
  const buckets = useMemo(
    () => (stats?.timeToAssignBuckets ?? []).map((b) => ({ name: labelOf('bucket', b.bucket), value: b.count })),
    [stats],
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 40, right: 16, bottom: 24, top: 16 },
      xAxis: { type: 'category', data: buckets.map((b) => b.name) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', barMaxWidth: 64, data: buckets.map((b) => b.value), label: { show: true, position: 'top' } }],
    }),
    [buckets],
  );
  return (
    <ChartCard
      title={t('dashboard.buckets')}
      summary={buckets.map((b) => `${b.name} ${b.value}`)}
      option={option}
      empty={buckets.every((b) => b.value === 0)}
      loading={loading}
    />
  );
}

const KINDS = ['accept', 'arrive', 'finish'] as const;

/** Missed targets per appointment day, stacked by branch and kind. */
export function SlaBreachesChart({ stats, loading }: Props) {
  const { t } = useTranslation();
  const rows = useMemo(() => stats?.slaBreachesPerDay ?? [], [stats]);
  const option = useMemo(() => {
    const days = [...new Set(rows.map((r) => r.day))].sort();
    const branches = [...new Set(rows.map((r) => r.branchId))].sort();
    const series = branches.flatMap((branchId) =>
      KINDS.map((kind) => ({
        name: branches.length > 1 ? `${labelOf('branches', branchId)}·${t(`dashboard.sla.${kind}`)}` : t(`dashboard.sla.${kind}`),
        type: 'bar',
        stack: branchId,
        barMaxWidth: 48,
        data: days.map((day) => rows.find((r) => r.day === day && r.branchId === branchId)?.[kind] ?? 0),
      })),
    );
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 24, top: 40 },
      xAxis: { type: 'category', data: days.map(shortDay) },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    };
  }, [rows, t]);
  const summary = rows.flatMap((r) =>
    KINDS.filter((kind) => r[kind] > 0).map(
      (kind) => `${labelOf('branches', r.branchId)} ${shortDay(r.day)} ${t(`dashboard.sla.${kind}`)} ${r[kind]}`,
    ),
  );
  return <ChartCard title={t('dashboard.slaPerDay')} summary={summary} option={option} empty={rows.length === 0} loading={loading} />;
}
