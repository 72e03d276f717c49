import { Alert, Card, Col, Descriptions, Progress, Row, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { useSession } from '../auth/session-context';
import { graphql } from '../gql';
import type { StaffImportQuery } from '../gql/graphql';
import { dateTime } from '../i18n/format';
import { ProblemAlert } from '../ui/problem-alert';
import { statusStyle } from '../ui/theme';
import { AdminOnly } from './admin-only';

const StaffImportDocument = graphql(`
  query StaffImport($importId: ID!) {
    staffImport(importId: $importId) {
      importId
      fileName
      format
      status
      totalRows
      validRows
      processed
      imported
      updated
      unchanged
      badRowCount
      badRows {
        line
        field
        column
        reason
      }
      badRowsTruncated
      error
      startedAt
      finishedAt
    }
  }
`);

type Problem = NonNullable<StaffImportQuery['staffImport']>['badRows'][number];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const POLL_MS = 1000;

/** The staff sheet's columns (workforce's staff-columns.ts), with the Chinese header each may have instead. */
const REQUIRED_COLUMNS = [
  ['staffNo', '工号'],
  ['name', '姓名'],
  ['phone', '手机'],
  ['birthday', '出生日期'],
  ['stationId', '站点'],
  ['jobTypes', '工种'],
  ['languages', '语言'],
  ['experienceYears', '工作年限'],
  ['homeLat', '纬度'],
  ['homeLng', '经度'],
  ['serviceAreas', '服务区域'],
  ['status', '状态'],
] as const;
const OPTIONAL_COLUMNS = [
  ['certificateType', '证书类型'],
  ['certificateNumber', '证书编号'],
  ['certificateIssuer', '发证机关'],
  ['certificateValidFrom', '证书生效日期'],
  ['certificateValidTo', '证书有效期至'],
  ['employedSince', '入职日期'],
] as const;
const TEMPLATE = `\uFEFF${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].map(([, zh]) => zh).join(',')}\r\n`;

const contentTypeOf = (file: File) => {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.csv')) return 'text/csv';
  return file.type || 'application/octet-stream';
};

/** Sends the file to workforce through the gateway; the import's id, or why it was refused. */
async function uploadStaffFile(token: string, file: File): Promise<{ importId: string; again: boolean } | { error: string }> {
  try {
    const response = await fetch(`/imports/staff?fileName=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentTypeOf(file) },
      body: file,
    });
    const answer = (await response.json()) as {
      importId?: string;
      outcome?: string;
      message?: string;
      error?: string;
      problems?: { field: string; reason: string }[];
    };
    if (response.ok && answer.importId) return { importId: answer.importId, again: response.status === 200 };
    const problems = answer.problems?.map((p) => `${p.field}: ${p.reason}`).join('; ');
    return { error: problems || answer.message || answer.error || `HTTP ${response.status}` };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Upload a staff spreadsheet, follow its import, and read each bad line with its line, column and
 * reason. Admins import any station's staff, a station leader their own station's (workforce decides).
 */
export default function StaffImportPage() {
  return (
    <AdminOnly roles={['admin', 'station_leader']}>
      <StaffImport />
    </AdminOnly>
  );
}

function StaffImport() {
  const { t } = useTranslation();
  const { token } = useSession().session;
  const [importId, setImportId] = useState<string | null>(null);
  const [again, setAgain] = useState(false);
  const [uploading, setUploading] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [{ data, error }, refetch] = useQuery({
    query: StaffImportDocument,
    variables: { importId: importId ?? '' },
    pause: !importId,
    requestPolicy: 'network-only',
  });
  const progress = data?.staffImport;
  const running = !!importId && (!progress || progress.status === 'validating' || progress.status === 'running');

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [running, refetch]);

  return (
    <section aria-labelledby="staff-import-title">
      <Typography.Title level={1} id="staff-import-title" style={{ fontSize: 22, marginTop: 0 }}>
        {t('admin.staffImport.title')}
      </Typography.Title>
      <Row gutter={24}>
        <Col xs={24} xl={14}>
          <Upload.Dragger
            accept=".xlsx,.csv"
            height={180}
            multiple={false}
            showUploadList={false}
            disabled={!!uploading}
            customRequest={async ({ file }) => {
              const chosen = file as File;
              setUploading(chosen.name);
              setUploadError(null);
              const answer = await uploadStaffFile(token, chosen);
              setUploading(null);
              if ('error' in answer) return setUploadError(answer.error);
              setAgain(answer.again);
              setImportId(answer.importId);
            }}
          >
            <Typography.Paragraph strong style={{ fontSize: 16 }}>
              {t('admin.staffImport.drop')}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('admin.staffImport.dropHint')}</Typography.Paragraph>
          </Upload.Dragger>
          {uploading && (
            <Typography.Paragraph role="status" style={{ marginTop: 8 }}>
              {t('admin.staffImport.uploading', { name: uploading })}
            </Typography.Paragraph>
          )}
          {uploadError && (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginTop: 16 }}
              message={t('admin.staffImport.uploadFailed', { reason: uploadError })}
            />
          )}
          <ProblemAlert error={error} />
          {progress && <ImportProgress progress={progress} again={again} />}
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('admin.staffImport.columns')}>
            <Typography.Paragraph>
              <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`} download="staff-template.csv">
                {t('admin.staffImport.template')}
              </a>
            </Typography.Paragraph>
            <Typography.Text strong>{t('admin.staffImport.required')}</Typography.Text>
            <Typography.Paragraph>
              {REQUIRED_COLUMNS.map(([en, zh]) => (
                <Tag key={en} style={{ marginBottom: 4 }}>{`${zh} / ${en}`}</Tag>
              ))}
            </Typography.Paragraph>
            <Typography.Text strong>{t('admin.staffImport.optional')}</Typography.Text>
            <Typography.Paragraph>
              {OPTIONAL_COLUMNS.map(([en, zh]) => (
                <Tag key={en} style={{ marginBottom: 4 }}>{`${zh} / ${en}`}</Tag>
              ))}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </section>
  );
}

function ImportProgress({ progress, again }: { progress: NonNullable<StaffImportQuery['staffImport']>; again: boolean }) {
  const { t } = useTranslation();
  const done = progress.status === 'completed' || progress.status === 'failed';
  const percent = done ? 100 : progress.validRows ? Math.floor((progress.processed / progress.validRows) * 100) : 0;
  const statusTag = {
    validating: statusStyle.placed,
    running: statusStyle.assigned,
    completed: statusStyle.completed,
    failed: statusStyle.cancelled,
  }[progress.status];
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={
        <Space>
          {t('admin.staffImport.progress')}
          <Tag style={statusTag} role="status" aria-label={t('admin.staffImport.progress')}>
            {t(`admin.staffImport.statuses.${progress.status}`)}
          </Tag>
        </Space>
      }
    >
      {again && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('admin.staffImport.again')} />}
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('admin.staffImport.file')}>{progress.fileName ?? progress.format}</Descriptions.Item>
        <Descriptions.Item label={t('admin.staffImport.when')}>
          {dateTime(progress.startedAt)}
          {progress.finishedAt ? ` – ${dateTime(progress.finishedAt)}` : ''}
        </Descriptions.Item>
      </Descriptions>
      <Progress
        percent={percent}
        status={progress.status === 'failed' ? 'exception' : done ? 'success' : 'active'}
        aria-label={t('admin.staffImport.progress')}
      />
      <Row gutter={16} style={{ margin: '12px 0' }}>
        {(
          [
            ['read', progress.totalRows],
            ['imported', progress.imported],
            ['updated', progress.updated],
            ['unchanged', progress.unchanged],
            ['failedRows', progress.badRowCount],
          ] as const
        ).map(([key, value]) => (
          <Col key={key} span={4}>
            <Statistic title={t(`admin.staffImport.${key}`)} value={value} />
          </Col>
        ))}
      </Row>
      {progress.error && <Alert type="error" showIcon role="alert" message={progress.error} style={{ marginBottom: 12 }} />}
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('admin.staffImport.badRows')}
      </Typography.Title>
      {progress.badRowsTruncated && <Typography.Paragraph>{t('admin.staffImport.truncated')}</Typography.Paragraph>}
      <Table<Problem>
        aria-label={t('admin.staffImport.badRows')}
        size="small"
        rowKey={(p) => `${p.line}/${p.field}/${p.reason}`}
        dataSource={progress.badRows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('admin.staffImport.noBadRows') }}
        columns={[
          { title: t('admin.staffImport.line'), dataIndex: 'line', width: 80 },
          { title: t('admin.staffImport.column'), render: (_, p) => p.column ?? '—', width: 80 },
          { title: t('admin.staffImport.field'), dataIndex: 'field', width: 140 },
          { title: t('admin.staffImport.why'), dataIndex: 'reason' },
        ]}
      />
    </Card>
  );
}
