import { Button, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useSession } from '../auth/session-context';
import { graphql } from '../gql';
import type { PipelineBoardQuery, PipelineStep, WorkerStatus } from '../gql/graphql';
import { ProblemAlert } from '../ui/problem-alert';
import { BranchesDocument, useStationName } from '../graph/branches';
import { actionLabel, actionsFor, mayRunPipeline } from './worker-actions';
import { WorkerFileDrawer } from './worker-file';
import { useRefreshEvery } from '../graph/refresh';

const PipelineBoardDocument = graphql(`
  query PipelineBoard($filter: PipelineFilter, $page: PageInput) {
    pipelineBoard(filter: $filter, page: $page) {
      total
      counts {
        step
        workers
      }
      workers {
        id
        name
        phone
        status
        stationId
        waitingFor
      }
    }
  }
`);

const STEPS: PipelineStep[] = [
  'background_check',
  'background_check_review',
  'certificate',
  'certificate_verification',
  'reference',
  'activation',
  'training',
  'exam',
];
const STATUSES: WorkerStatus[] = ['applicant', 'active', 'suspended', 'left'];
const PAGE_SIZE = 20;

type Row = PipelineBoardQuery['pipelineBoard']['workers'][number];

/**
 * The worker pipeline board: how many workers wait for each step, filtered and searched, each row
 * with the action for its step; the worker's file in a drawer. Scoped by workforce: a station
 * leader sees their station, branch staff their branch, admins everyone.
 */
/** Other staff act on the same workers; the board follows them (and our own actions' read models). */
const BOARD_REFRESH_MS = 4000;

export default function PipelinePage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const { role } = session.principal;
  const mayAct = mayRunPipeline(role);
  const [params, setParams] = useSearchParams();
  const step = params.get('step') as PipelineStep | null;
  const status = params.get('status') as WorkerStatus | null;
  const stationId = params.get('station');
  const search = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1');
  const [draft, setDraft] = useState(search);
  const [open, setOpen] = useState<string | null>(null);
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
        ...(step ? { waitingFor: step } : {}),
        ...(status ? { status } : {}),
        ...(stationId ? { stationId } : {}),
        ...(search ? { search } : {}),
      },
      page: { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
    }),
    [step, status, stationId, search, page],
  );
  const [{ data, error, fetching }, refetch] = useQuery({ query: PipelineBoardDocument, variables });
  useRefreshEvery(refetch, BOARD_REFRESH_MS);
  const [{ data: stations }] = useQuery({ query: BranchesDocument });
  const board = data?.pipelineBoard;
  const counts = new Map(board?.counts.map((c) => [c.step, c.workers]));
  const local = (name: { zh: string; en: string }) => (i18n.language === 'en' ? name.en : name.zh);
  const stationOptions = (stations?.branches ?? []).flatMap((b) => b.stations.map((s) => ({ value: s.id, label: `${local(b.name)} · ${local(s.name)}` })));
  const stationName = useStationName();

  return (
    <section aria-labelledby="pipeline-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Typography.Title level={1} id="pipeline-title" style={{ fontSize: 22, margin: 0 }}>
          {t('station.pipeline.title')}
        </Typography.Title>
        <Space wrap>
          <Input.Search
            aria-label={t('station.pipeline.search')}
            placeholder={t('station.pipeline.search')}
            allowClear
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(value) => set({ q: value.trim() || null })}
            style={{ width: 260 }}
          />
          <Select
            aria-label={t('station.pipeline.status')}
            value={status ?? ''}
            onChange={(value) => set({ status: value || null })}
            options={[{ value: '', label: t('station.workerStatus.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`station.workerStatus.${s}`) }))]}
            style={{ width: 130 }}
          />
          {role !== 'station_leader' && (
            <Select
              aria-label={t('station.pipeline.station')}
              value={stationId ?? ''}
              onChange={(value) => set({ station: value || null })}
              options={[{ value: '', label: t('station.pipeline.allStations') }, ...stationOptions]}
              style={{ width: 220 }}
            />
          )}
        </Space>
      </Space>
      <Segmented
        aria-label={t('station.pipeline.waitingFor')}
        style={{ margin: '16px 0', flexWrap: 'wrap' }}
        value={step ?? 'all'}
        onChange={(value) => set({ step: value === 'all' ? null : String(value) })}
        options={[
          { value: 'all', label: t('station.pipeline.all') },
          ...STEPS.map((s) => ({ value: s, label: `${t(`station.steps.${s}`)} ${counts.get(s) ?? 0}` })),
        ]}
      />
      {!data && <ProblemAlert error={error} />}
      <Table<Row>
        rowKey="id"
        loading={fetching && !data}
        dataSource={board?.workers ?? []}
        onRow={(row) => ({ 'data-worker-id': row.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: board?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('station.pipeline.total', { count: total }),
          onChange: (next) => set({ page: String(next) }),
        }}
        columns={[
          {
            title: t('station.pipeline.worker'),
            key: 'worker',
            render: (_, row) => (
              <Space direction="vertical" size={0}>
                <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => setOpen(row.id)}>
                  {row.name}
                </Button>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {row.id}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('station.pipeline.phone'), key: 'phone', render: (_, row) => row.phone },
          { title: t('station.pipeline.station'), key: 'station', render: (_, row) => stationName(row.stationId) },
          { title: t('station.pipeline.status'), key: 'status', render: (_, row) => t(`station.workerStatus.${row.status}`) },
          {
            title: t('station.pipeline.waitingFor'),
            key: 'waitingFor',
            render: (_, row) =>
              row.waitingFor.length ? row.waitingFor.map((s) => <Tag key={s}>{t(`station.steps.${s}`)}</Tag>) : t('station.pipeline.nothing'),
          },
          {
            title: t('station.pipeline.action'),
            key: 'action',
            render: (_, row) => {
              const next = mayAct ? actionsFor(row)[0] : undefined;
              return (
                <Button size="small" type={next && next !== 'suspend' ? 'primary' : 'default'} onClick={() => setOpen(row.id)}>
                  {next ? t(actionLabel[next]) : t('station.pipeline.details')}
                </Button>
              );
            },
          },
        ]}
      />
      <WorkerFileDrawer workerId={open} onClose={() => setOpen(null)} onChanged={() => refetch({ requestPolicy: 'network-only' })} />
    </section>
  );
}
