import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderStatsQuery } from '../../gql/graphql';
import { ChartCard } from './chart-card';
import { shortDay } from './figures';

type Stats = OrderStatsQuery['orderStats'] | undefined;

/** Orders per appointment day, stacked by channel. */
export function OrdersPerDayChart({ stats, loading }: { stats: Stats; loading: boolean }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const days = [...new Set(stats?.perDay.map((d) => d.day))].sort();
    const channels = [...new Set(stats?.perDay.map((d) => d.channel))].sort();
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: channels.map((c) => t(`channels.${c}`, { defaultValue: c })) },
      grid: { left: 40, right: 16, bottom: 24, top: 40 },
      xAxis: { type: 'category', data: days.map(shortDay) },
      yAxis: { type: 'value', minInterval: 1 },
      series: channels.map((channel) => ({
        name: t(`channels.${channel}`, { defaultValue: channel }),
        type: 'bar',
        stack: 'orders',
        barMaxWidth: 48,
        data: days.map((day) => stats?.perDay.find((d) => d.day === day && d.channel === channel)?.count ?? 0),
      })),
    };
  }, [stats, t]);
  const summary = (stats?.perDay ?? []).map((d) => `${shortDay(d.day)} ${t(`channels.${d.channel}`, { defaultValue: d.channel })} ${d.count}`);
  return <ChartCard title={t('dashboard.perDay')} summary={summary} option={option} empty={!stats?.perDay.length} loading={loading} />;
}

const FUNNEL = ['placed', 'assigned', 'in_progress', 'completed', 'closed'];

/** The status funnel: each stage counts the orders that reached it. */
export function StatusFunnelChart({ stats, loading }: { stats: Stats; loading: boolean }) {
  const { t } = useTranslation();
  const reached = useMemo(() => {
    const count = (status: string) => stats?.byStatus.find((s) => s.status === status)?.count ?? 0;
    // An order completed was placed and assigned too.
    return FUNNEL.map((status, i) => ({
      name: t(`status.${status}`),
      value: FUNNEL.slice(i).reduce((sum, s) => sum + count(s), 0),
    }));
  }, [stats, t]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      series: [{ type: 'funnel', sort: 'none', left: '5%', width: '60%', top: 16, bottom: 16, label: { formatter: '{b}: {c}' }, data: reached }],
    }),
    [reached],
  );
  return (
    <ChartCard
      title={t('dashboard.funnel')}
      summary={reached.map((r) => `${r.name} ${r.value}`)}
      option={option}
      empty={!reached[0]?.value}
      loading={loading}
    />
  );
}
