import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispatchStatsQuery } from '../../gql/graphql';
import { ChartCard } from './chart-card';
import { shortDay, weekday } from './figures';

type Week = DispatchStatsQuery['dispatchStats']['weekLoad'] | undefined;

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/** Jobs per worker per day of this Shanghai week (the busiest workers), stacked by day; hours in the tooltip. */
export function WeekLoadChart({ week, loading }: { week: Week; loading: boolean }) {
  const { t } = useTranslation();
  const workers = useMemo(() => {
    const byWorker = new Map<string, { name: string; jobs: number; minutes: number }>();
    for (const l of week?.load ?? []) {
      const w = byWorker.get(l.workerId) ?? { name: l.worker?.name ?? l.workerId, jobs: 0, minutes: 0 };
      byWorker.set(l.workerId, { ...w, jobs: w.jobs + l.jobs, minutes: w.minutes + l.minutes });
    }
    return [...byWorker].sort((a, b) => b[1].jobs - a[1].jobs || a[1].name.localeCompare(b[1].name));
  }, [week]);
  const option = useMemo(() => {
    const days = week?.days ?? [];
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; name: string; data: { value: number; minutes: number } }) =>
          `${p.name} ${p.seriesName}：${t('dashboard.jobsHours', { jobs: p.data.value, hours: hours(p.data.minutes) })}`,
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, bottom: 24, top: 40, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, name: t('dashboard.orders') },
      yAxis: { type: 'category', inverse: true, data: workers.map(([, w]) => w.name) },
      series: days.map((day) => ({
        name: weekday(day),
        type: 'bar',
        stack: 'week',
        barMaxWidth: 28,
        data: workers.map(([workerId]) => {
          const l = week?.load.find((x) => x.workerId === workerId && x.day === day);
          return { value: l?.jobs ?? 0, minutes: l?.minutes ?? 0 };
        }),
      })),
    };
  }, [week, workers, t]);
  const days = week?.days ?? [];
  const title = days.length ? t('dashboard.weekLoad', { from: shortDay(days[0]!), to: shortDay(days[days.length - 1]!) }) : '';
  const summary = workers.map(([, w]) => `${w.name} ${t('dashboard.jobsHours', { jobs: w.jobs, hours: hours(w.minutes) })}`);
  const more =
    week && week.workerCount > workers.length ? t('dashboard.weekLoadTop', { count: week.workerCount, shown: workers.length }) : null;
  return (
    <ChartCard
      title={title}
      summary={summary}
      option={option}
      empty={workers.length === 0}
      loading={loading}
      height={Math.max(200, 80 + 36 * workers.length)}
      extra={more}
    />
  );
}
