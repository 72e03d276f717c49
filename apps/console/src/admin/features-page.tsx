import { Col, Form, Input, Row, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { BusinessUnit, Feature, FeatureAuditQuery } from '../gql/graphql';
import { dateTime } from '../i18n/format';
import { problemFor, problemsOf } from '../graph/problems';
import { ProblemAlert } from '../ui/problem-alert';
import { statusStyle } from '../ui/theme';
import { AdminOnly } from './admin-only';
import { BranchSelect, type BranchSummary } from './branch-select';
import { adminZh } from './messages';
import { useRefreshEvery } from '../graph/refresh';

const AUDIT_REFRESH_MS = 3000;

const FeatureSettingDocument = graphql(`
  query FeatureSetting($branchId: ID!, $businessUnit: BusinessUnit!, $feature: Feature!) {
    featureSetting(branchId: $branchId, businessUnit: $businessUnit, feature: $feature) {
      branchId
      businessUnit
      feature
      enabled
      source
    }
  }
`);

const FeatureAuditDocument = graphql(`
  query FeatureAudit($branchId: ID!) {
    featureAudit(branchId: $branchId) {
      businessUnit
      feature
      enabled
      reason
      actorId
      actorRole
      at
    }
  }
`);

const SwitchFeatureDocument = graphql(`
  mutation SwitchFeature($input: SwitchFeatureInput!) {
    switchFeature(input: $input) {
      branchId
      businessUnit
      feature
      enabled
      source
    }
  }
`);

type AuditEntry = FeatureAuditQuery['featureAudit'][number];
const FEATURES = Object.keys(adminZh.features.names) as Feature[];

/** Per branch and business unit, each feature on or off with where that comes from; beside it, who switched what and why. */
export default function FeaturesPage() {
  return (
    <AdminOnly>
      <Features />
    </AdminOnly>
  );
}

function Features() {
  const { t } = useTranslation();
  const [branch, setBranch] = useState<BranchSummary>();
  const [form] = Form.useForm<{ reason: string }>();
  const [switchError, setSwitchError] = useState<CombinedError | undefined>();
  const [, switchFeature] = useMutation(SwitchFeatureDocument);
  // Each switch counts up, so every setting and the audit are read again from the services.
  const [switches, setSwitches] = useState(0);
  const [audit, refetchAudit] = useQuery({
    query: FeatureAuditDocument,
    variables: { branchId: branch?.id ?? '' },
    pause: !branch,
  });
  // The audit is a read model: it shows a switch a moment after the switch is made.
  useRefreshEvery(refetchAudit, AUDIT_REFRESH_MS);
  const units = branch?.businessUnits ?? [];
  const reasonProblem = problemFor(problemsOf(switchError), 'reason');

  const change = useCallback(
    async (businessUnit: BusinessUnit, feature: Feature, enabled: boolean) => {
      if (!branch) return;
      const values = await form.validateFields().catch(() => null);
      if (!values) return;
      const { reason } = values;
      const result = await switchFeature({ input: { branchId: branch.id, businessUnit, feature, enabled, reason } });
      setSwitchError(result.error);
      if (result.error) return;
      void message.success(
        t('admin.features.switched', {
          feature: t(`admin.features.names.${feature}`),
          unit: t(`admin.features.units.${businessUnit}`),
          state: t(enabled ? 'admin.features.on' : 'admin.features.off'),
        }),
      );
      setSwitches((n) => n + 1);
      refetchAudit({ requestPolicy: 'network-only' });
    },
    [branch, form, switchFeature, refetchAudit, t],
  );

  return (
    <section aria-labelledby="features-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} id="features-title" style={{ fontSize: 22, margin: 0 }}>
          {t('admin.features.title')}
        </Typography.Title>
        <BranchSelect value={branch} onChange={setBranch} />
      </Space>
      <Form form={form} name="feature-switch" layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item
          name="reason"
          label={t('admin.reason')}
          rules={[{ required: true, message: t('errors.required') }]}
          extra={t('admin.features.reasonHint')}
          {...(reasonProblem ? { validateStatus: 'error' as const, help: reasonProblem.reason } : {})}
        >
          <Input style={{ width: 360 }} />
        </Form.Item>
      </Form>
      <ProblemAlert error={reasonProblem ? undefined : switchError} />
      <Row gutter={24}>
        <Col xs={24} xl={13}>
          {branch && (
            <Table
              rowKey={(feature) => feature}
              size="middle"
              pagination={false}
              dataSource={FEATURES}
              columns={[
                {
                  title: t('admin.features.feature'),
                  render: (_, feature) => t(`admin.features.names.${feature}`),
                },
                ...units.map((unit) => ({
                  title: t(`admin.features.units.${unit}`),
                  key: unit,
                  render: (_: unknown, feature: Feature) => (
                    <FeatureSwitch
                      key={`${branch.id}/${unit}/${feature}/${switches}`}
                      branchId={branch.id}
                      unit={unit}
                      feature={feature}
                      onChange={(enabled) => change(unit, feature, enabled)}
                    />
                  ),
                })),
              ]}
            />
          )}
        </Col>
        <Col xs={24} xl={11}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('admin.features.audit')}
          </Typography.Title>
          <ProblemAlert error={audit.error} />
          <Table<AuditEntry>
            aria-label={t('admin.features.audit')}
            rowKey={(entry) => `${entry.at}/${entry.businessUnit}/${entry.feature}`}
            size="small"
            loading={audit.fetching}
            dataSource={[...(audit.data?.featureAudit ?? [])].sort((a, b) => b.at.localeCompare(a.at))}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: t('admin.features.auditEmpty') }}
            columns={[
              { title: t('admin.features.when'), render: (_, e) => dateTime(e.at, branch?.id) },
              {
                title: t('admin.features.who'),
                render: (_, e) => `${e.actorId}${e.actorRole ? ` · ${t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })}` : ''}`,
              },
              {
                title: t('admin.features.what'),
                render: (_, e) =>
                  `${t(`admin.features.names.${e.feature}`)}（${t(`admin.features.units.${e.businessUnit}`)}）→ ${t(
                    e.enabled ? 'admin.features.on' : 'admin.features.off',
                  )}`,
              },
              { title: t('admin.features.why'), dataIndex: 'reason' },
            ]}
          />
        </Col>
      </Row>
    </section>
  );
}

/** One feature of one unit: a drop-down of on and off, showing the effective setting and where it comes from. */
function FeatureSwitch({
  branchId,
  unit,
  feature,
  onChange,
}: {
  branchId: string;
  unit: BusinessUnit;
  feature: Feature;
  onChange: (enabled: boolean) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({
    query: FeatureSettingDocument,
    variables: { branchId, businessUnit: unit, feature },
    requestPolicy: 'network-only',
  });
  const [busy, setBusy] = useState(false);
  const setting = data?.featureSetting;
  const label = `${t(`admin.features.names.${feature}`)} · ${t(`admin.features.units.${unit}`)}`;
  if (error) return <Typography.Text type="danger">{problemsOf(error)[0]?.reason}</Typography.Text>;
  return (
    <Space direction="vertical" size={2}>
      <Select<'on' | 'off'>
        aria-label={label}
        size="small"
        style={{ width: 96 }}
        loading={fetching || busy}
        value={setting ? (setting.enabled ? 'on' : 'off') : undefined}
        placeholder="—"
        options={[
          { value: 'on', label: t('admin.features.on') },
          { value: 'off', label: t('admin.features.off') },
        ]}
        onChange={async (value) => {
          setBusy(true);
          await onChange(value === 'on').finally(() => setBusy(false));
        }}
      />
      {setting && (
        <Tag style={setting.source === 'default' ? statusStyle.closed : statusStyle.assigned}>
          {t(`admin.features.source.${setting.source}`, { defaultValue: setting.source })}
        </Tag>
      )}
    </Space>
  );
}
