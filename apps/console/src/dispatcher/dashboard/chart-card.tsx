import { Card, Empty } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../ui/chart';

type Option = Parameters<typeof Chart>[0]['option'];

/**
 * A dashboard card with one chart, or "no data for this period" instead of empty axes. `summary`
 * lists the figures the chart draws; it is the chart's accessible name (a canvas says nothing).
 */
export function ChartCard({
  title,
  summary,
  option,
  empty,
  loading,
  height,
  extra,
}: {
  title: string;
  summary: string[];
  option: Option;
  empty: boolean;
  loading: boolean;
  height?: number;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} loading={loading} extra={extra}>
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} style={{ padding: '48px 0' }} />
      ) : (
        <Chart option={option} label={t('dashboard.summary', { title, items: summary.join('，') })} height={height} />
      )}
    </Card>
  );
}
