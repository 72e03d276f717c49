import { Descriptions, Drawer, List, Result, Space, Spin, Tag, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { CertificateStatus, ExamPartResult } from '../gql/graphql';
import { ProblemAlert } from '../ui/problem-alert';
import { statusStyle } from '../ui/theme';
import { useSession } from '../auth/session-context';
import { useStationName } from '../graph/branches';
import { useItemName } from './stations';
import { mayRunPipeline, WorkerActions, type Catalogue } from './worker-actions';

graphql(`
  fragment WorkerFile on Worker {
    id
    name
    phone
    status
    stationId
    branchId
    waitingFor
    employedSince
    experienceYears
    suspendedReason
    backgroundCheck
    certificates {
      id
      type
      number
      issuer
      validFrom
      validTo
      status
      rejectionReason
    }
    references {
      id
      outcome
    }
    coursesCompleted
    exams {
      examCode
      theory
      practical
    }
    eligibleItems
    ineligibleItems {
      itemCode
      reasons
    }
  }
`);

const WorkerFileDocument = graphql(`
  query WorkerFile($id: ID!) {
    worker(id: $id) {
      ...WorkerFile
    }
  }
`);

export const TrainingCatalogueDocument = graphql(`
  query TrainingCatalogue {
    trainingCatalogue {
      courses {
        code
        name {
          zh
          en
        }
        hours
      }
      exams {
        code
        name {
          zh
          en
        }
        theoryPassMark
        practicalPassMark
      }
      items {
        itemCode
        certificates
        courses
        exams
      }
    }
  }
`);

/** Certificate and exam states as tags, in the theme's readable status colours (antd's presets fall below AA). */
const good = statusStyle.completed;
const bad = statusStyle.cancelled;
const certificateTone: Record<CertificateStatus, CSSProperties> = { submitted: statusStyle.placed!, verified: good!, rejected: bad! };
const partTone: Record<ExamPartResult, CSSProperties> = { passed: good!, failed: bad!, not_taken: statusStyle.closed! };

/** Whether a certificate's last valid day (Shanghai) is over. */
export const expired = (validTo: string) => validTo < new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The worker's file in a drawer: certificates, checks, training, eligibility, and what to do next. */
export function WorkerFileDrawer({ workerId, onClose, onChanged }: { workerId: string | null; onClose: () => void; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: WorkerFileDocument,
    variables: { id: workerId ?? '' },
    pause: !workerId,
    requestPolicy: 'cache-and-network',
  });
  const [{ data: catalogueData }] = useQuery({ query: TrainingCatalogueDocument, pause: !workerId });
  const catalogue: Catalogue | undefined = catalogueData?.trainingCatalogue;
  const itemName = useItemName(!workerId);
  const stationName = useStationName();
  const worker = data?.worker;
  const name = (names: { zh: string; en: string } | undefined, code: string) => (names ? (i18n.language === 'en' ? names.en : names.zh) : code);
  const courseName = (code: string) => name(catalogue?.courses.find((c) => c.code === code)?.name, code);
  const examName = (code: string) => name(catalogue?.exams.find((e) => e.code === code)?.name, code);
  return (
    <Drawer
      open={!!workerId}
      onClose={onClose}
      size="large"
      title={worker ? t('station.detail.title', { name: worker.name }) : t('station.pipeline.details')}
      destroyOnHidden
    >
      {!data && fetching && <Spin />}
      {!data && <ProblemAlert error={error} />}
      {data && !worker && <Result status="404" title={t('station.detail.missing')} />}
      {worker && (
        <>
          <Descriptions size="small" column={2} title={t('station.detail.profile')} bordered>
            <Descriptions.Item label={t('station.detail.status')}>{t(`station.workerStatus.${worker.status}`)}</Descriptions.Item>
            <Descriptions.Item label={t('station.pipeline.phone')}>{worker.phone}</Descriptions.Item>
            <Descriptions.Item label={t('station.detail.station')}>{stationName(worker.stationId)}</Descriptions.Item>
            <Descriptions.Item label={t('station.detail.experience')}>{t('station.detail.years', { count: worker.experienceYears })}</Descriptions.Item>
            <Descriptions.Item label={t('station.detail.employedSince')}>{worker.employedSince ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('station.detail.backgroundCheck')}>
              {worker.backgroundCheck ? t(`station.backgroundCheck.${worker.backgroundCheck}`) : t('station.detail.notChecked')}
            </Descriptions.Item>
            <Descriptions.Item label={t('station.pipeline.waitingFor')} span={2}>
              {worker.waitingFor.length ? worker.waitingFor.map((s) => <Tag key={s}>{t(`station.steps.${s}`)}</Tag>) : t('station.pipeline.nothing')}
            </Descriptions.Item>
            {worker.suspendedReason && (
              <Descriptions.Item label={t('station.detail.suspendedReason')} span={2}>
                {worker.suspendedReason}
              </Descriptions.Item>
            )}
          </Descriptions>

          {mayRunPipeline(session.principal.role) && (
            <Typography.Title level={2} style={{ fontSize: 16, marginTop: 20 }}>
              {t('station.detail.handle')}
            </Typography.Title>
          )}
          {mayRunPipeline(session.principal.role) && catalogue && (
          <WorkerActions
            worker={worker}
            catalogue={catalogue}
            onDone={() => {
              refetch({ requestPolicy: 'network-only' });
              onChanged();
            }}
          />
          )}

          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 20 }}>
            {t('station.detail.certificates')}
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={worker.certificates}
            locale={{ emptyText: t('station.detail.none') }}
            renderItem={(c) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <span>
                    {t(`station.certificateTypes.${c.type}`)} · {c.number} · {c.issuer}
                  </span>
                  <Typography.Text type="secondary">
                    {t('station.detail.validTo', { date: c.validTo })}
                    {c.rejectionReason ? ` · ${t('station.detail.rejectedBecause', { reason: c.rejectionReason })}` : ''}
                  </Typography.Text>
                </Space>
                <Space>
                  {expired(c.validTo) && <Tag style={bad}>{t('station.detail.expired')}</Tag>}
                  <Tag style={certificateTone[c.status]}>{t(`station.certificateStatus.${c.status}`)}</Tag>
                </Space>
              </List.Item>
            )}
          />

          <Descriptions size="small" column={1} bordered style={{ marginTop: 20 }}>
            <Descriptions.Item label={t('station.detail.references')}>
              {worker.references.length
                ? worker.references.map((r) => <Tag key={r.id}>{t(`station.actions.${r.outcome}`)}</Tag>)
                : t('station.detail.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('station.detail.courses')}>
              {worker.coursesCompleted.length ? worker.coursesCompleted.map((c) => <Tag key={c}>{courseName(c)}</Tag>) : t('station.detail.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('station.detail.exams')}>
              {worker.exams.length
                ? worker.exams.map((e) => (
                    <div key={e.examCode}>
                      {examName(e.examCode)}：{t('station.examKind.theory')}{' '}
                      <Tag style={partTone[e.theory]}>{t(`station.examPart.${e.theory}`)}</Tag>
                      {t('station.examKind.practical')} <Tag style={partTone[e.practical]}>{t(`station.examPart.${e.practical}`)}</Tag>
                    </div>
                  ))
                : t('station.detail.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('station.detail.eligibility')}>
              {worker.eligibleItems.map((item) => (
                <Tag key={item} style={good}>
                  {itemName(item)}
                </Tag>
              ))}
              {worker.ineligibleItems.map((i) => (
                <div key={i.itemCode}>
                  {itemName(i.itemCode)}：{i.reasons.map((r) => t(`station.reasons.${r}`, { defaultValue: r })).join('、')}
                </div>
              ))}
              {worker.eligibleItems.length + worker.ineligibleItems.length === 0 && t('station.detail.none')}
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Drawer>
  );
}
