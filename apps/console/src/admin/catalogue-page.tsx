import { Button, Card, Col, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { CatalogueItemInput, CatalogueStatus, ServiceLine, CatalogueItemsQuery } from '../gql/graphql';
import { problemFor, problemsOf, type Problem } from '../graph/problems';
import { yuan } from '../i18n/format';
import { ProblemAlert } from '../ui/problem-alert';
import { statusStyle } from '../ui/theme';
import { AdminOnly } from './admin-only';
import { placeProblems } from './form-problems';
import { adminZh } from './messages';

const CatalogueItemsDocument = graphql(`
  query CatalogueItems($city: String, $line: ServiceLine, $status: CatalogueStatus) {
    catalogue(city: $city, line: $line, status: $status) {
      code
      status
      nameZh
      nameEn
      line
      category
      productCategory
      standard {
        area
        criteria
      }
      expectedMinutes
      qualification
      basePriceMinor
      currency
      cities
    }
  }
`);

const CatalogueItemStatusDocument = graphql(`
  query CatalogueItemStatus($code: String!) {
    catalogueItem(code: $code) {
      code
      status
    }
  }
`);

const DraftDocument = graphql(`
  mutation DraftCatalogueItem($input: CatalogueItemInput!) {
    draftCatalogueItem(input: $input) {
      code
      status
    }
  }
`);

const ReviseDocument = graphql(`
  mutation ReviseCatalogueItem($input: CatalogueItemInput!) {
    reviseCatalogueItem(input: $input) {
      code
      status
    }
  }
`);

const PublishDocument = graphql(`
  mutation PublishCatalogueItem($code: String!) {
    publishCatalogueItem(code: $code) {
      code
      status
    }
  }
`);

const RetireDocument = graphql(`
  mutation RetireCatalogueItem($code: String!, $reason: String!) {
    retireCatalogueItem(code: $code, reason: $reason) {
      code
      status
    }
  }
`);

type Item = CatalogueItemsQuery['catalogue'][number];

const LINES: ServiceLine[] = ['home_services', 'after_sales'];
const STATUSES: CatalogueStatus[] = ['draft', 'published', 'retired'];
const CATEGORIES = Object.keys(adminZh.catalogue.categories);
const tagStyle: Record<CatalogueStatus, (typeof statusStyle)[string]> = {
  draft: statusStyle.assigned!,
  published: statusStyle.completed!,
  retired: statusStyle.closed!,
};

/** The form's fields: the input's, with the price in yuan. */
interface ItemValues extends Omit<CatalogueItemInput, 'basePriceMinor'> {
  basePrice: number;
}
const FIELDS = [
  'code',
  'nameZh',
  'nameEn',
  'line',
  'category',
  'productCategory',
  'qualification',
  'expectedMinutes',
  'basePrice',
  'cities',
  'standard',
] as const;

/** The service catalogue for admins: filter it, draft and revise items with their standard, publish, retire. */
export default function CataloguePage() {
  return (
    <AdminOnly>
      <Catalogue />
    </AdminOnly>
  );
}

function Catalogue() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<{ city?: string; line?: ServiceLine; status?: CatalogueStatus }>({});
  const variables = useMemo(() => filter, [filter]);
  const [{ data, error, fetching }, refetch] = useQuery({ query: CatalogueItemsDocument, variables });
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const [retiring, setRetiring] = useState<string | null>(null);
  const [, publish] = useMutation(PublishDocument);
  const [actionError, setActionError] = useState<CombinedError | undefined>();
  const client = useClient();
  // The list is a read model that follows each change a moment later: wait for the item to show
  // the status the command gave it, then read the list again.
  const reloadWhen = async (code: string, status: CatalogueStatus) => {
    for (let tries = 0; tries < 20; tries++) {
      const item = await client
        .query(CatalogueItemStatusDocument, { code }, { requestPolicy: 'network-only' })
        .toPromise();
      if (item.error || item.data?.catalogueItem?.status === status) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    refetch({ requestPolicy: 'network-only' });
  };

  const lineOptions = LINES.map((line) => ({ value: line, label: t(`admin.lines.${line}`) }));
  const items = data?.catalogue ?? [];
  return (
    <section aria-labelledby="catalogue-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} id="catalogue-title" style={{ fontSize: 22, margin: 0 }}>
          {t('admin.catalogue.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('admin.catalogue.newDraft')}
        </Button>
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t('admin.catalogue.city')}
          placeholder={t('admin.catalogue.anyCity')}
          allowClear
          style={{ width: 200 }}
          onSearch={(city) => setFilter((f) => ({ ...f, city: city.trim() || undefined }))}
        />
        <Select
          aria-label={t('admin.catalogue.line')}
          placeholder={t('admin.catalogue.anyLine')}
          allowClear
          style={{ width: 160 }}
          options={lineOptions}
          value={filter.line}
          onChange={(line?: ServiceLine) => setFilter((f) => ({ ...f, line }))}
        />
        <Select
          aria-label={t('admin.catalogue.status')}
          placeholder={t('admin.catalogue.anyStatus')}
          allowClear
          style={{ width: 160 }}
          options={STATUSES.map((s) => ({ value: s, label: t(`admin.catalogue.statuses.${s}`) }))}
          value={filter.status}
          onChange={(status?: CatalogueStatus) => setFilter((f) => ({ ...f, status }))}
        />
        <Typography.Text type="secondary">{t('admin.catalogue.count', { count: items.length })}</Typography.Text>
      </Space>
      <ProblemAlert error={error ?? actionError} />
      <Table<Item>
        rowKey="code"
        size="middle"
        loading={fetching}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('admin.catalogue.empty') }}
        onRow={(item) => ({ 'data-code': item.code }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.catalogue.code'), dataIndex: 'code' },
          {
            title: t('admin.catalogue.name'),
            render: (_, item) => (i18n.language === 'en' ? item.nameEn : item.nameZh),
          },
          { title: t('admin.catalogue.line'), render: (_, item) => t(`admin.lines.${item.line}`) },
          {
            title: t('admin.catalogue.category'),
            render: (_, item) => t(`admin.catalogue.categories.${item.category}`, { defaultValue: item.category }),
          },
          { title: t('admin.catalogue.basePrice'), align: 'right', render: (_, item) => yuan(item.basePriceMinor) },
          { title: t('admin.catalogue.expectedMinutes'), align: 'right', dataIndex: 'expectedMinutes' },
          {
            title: t('admin.catalogue.standard'),
            render: (_, item) =>
              t('admin.catalogue.steps', {
                areas: item.standard.length,
                criteria: item.standard.reduce((sum, area) => sum + area.criteria.length, 0),
              }),
          },
          { title: t('admin.catalogue.cities'), render: (_, item) => item.cities.join(', ') },
          {
            title: t('admin.catalogue.status'),
            render: (_, item) => <Tag style={tagStyle[item.status]}>{t(`admin.catalogue.statuses.${item.status}`)}</Tag>,
          },
          {
            title: t('admin.catalogue.actions'),
            render: (_, item) =>
              item.status === 'retired' ? null : (
                <Space size="small">
                  <Button size="small" onClick={() => setEditing(item)}>
                    {t('admin.catalogue.edit')}
                  </Button>
                  {item.status === 'draft' && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={async () => {
                        const result = await publish({ code: item.code });
                        setActionError(result.error);
                        if (!result.error) {
                          void message.success(t('admin.catalogue.published', { code: item.code }));
                          await reloadWhen(item.code, 'published');
                        }
                      }}
                    >
                      {t('admin.catalogue.publish')}
                    </Button>
                  )}
                  <Button size="small" danger onClick={() => setRetiring(item.code)}>
                    {t('admin.catalogue.retire')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <ItemEditor
          item={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(code, status) => {
            setEditing(null);
            void reloadWhen(code, status);
          }}
        />
      )}
      {retiring && (
        <RetireItem
          code={retiring}
          onClose={() => setRetiring(null)}
          onRetired={(code) => {
            setRetiring(null);
            void reloadWhen(code, 'retired');
          }}
        />
      )}
    </section>
  );
}

const valuesOf = (item: Item): ItemValues => ({
  code: item.code,
  nameZh: item.nameZh,
  nameEn: item.nameEn,
  line: item.line,
  category: item.category,
  productCategory: item.productCategory,
  qualification: item.qualification,
  expectedMinutes: item.expectedMinutes,
  basePrice: item.basePriceMinor / 100,
  cities: item.cities,
  standard: item.standard.map(({ area, criteria }) => ({ area, criteria: [...criteria] })),
});

const EMPTY: Partial<ItemValues> = {
  line: 'home_services',
  category: 'daily_cleaning',
  cities: ['shanghai'],
  standard: [{ area: '', criteria: [''] }],
};

/** Drafts a new item or revises one; each refusal stands on the field (or checklist row) it names. */
function ItemEditor({
  item,
  onClose,
  onSaved,
}: {
  item: Item | null;
  onClose: () => void;
  onSaved: (code: string, status: CatalogueStatus) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ItemValues>();
  const [, draft] = useMutation(DraftDocument);
  const [, revise] = useMutation(ReviseDocument);
  const [unplaced, setUnplaced] = useState<Problem[]>([]);
  const [saving, setSaving] = useState(false);
  const required = [{ required: true, message: t('errors.required') }];

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const { basePrice, ...rest } = values;
    const input: CatalogueItemInput = {
      ...rest,
      productCategory: rest.productCategory || null,
      basePriceMinor: Math.round(basePrice * 100),
      standard: (rest.standard ?? []).map(({ area, criteria }) => ({ area, criteria: criteria ?? [] })),
    };
    setSaving(true);
    const result = item ? await revise({ input }) : await draft({ input });
    setSaving(false);
    if (result.error) {
      setUnplaced(placeProblems(form, problemsOf(result.error), FIELDS, { basePriceMinor: 'basePrice' }));
      return;
    }
    void message.success(t(item ? 'admin.catalogue.saved' : 'admin.catalogue.drafted', { code: input.code }));
    const data = result.data;
    const saved = data && ('reviseCatalogueItem' in data ? data.reviseCatalogueItem : data.draftCatalogueItem);
    onSaved(input.code, saved?.status ?? 'draft');
  };

  return (
    <Drawer
      open
      width={720}
      title={item ? t('admin.catalogue.reviseTitle', { code: item.code }) : t('admin.catalogue.draftTitle')}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('admin.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={save}>
            {t('admin.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} name="catalogue-item" layout="vertical" initialValues={item ? valuesOf(item) : EMPTY}>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="code" label={t('admin.catalogue.code')} rules={required}>
              <Input disabled={!!item} placeholder="HC-BALCONY-2H" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="line" label={t('admin.catalogue.line')} rules={required}>
              <Select options={LINES.map((line) => ({ value: line, label: t(`admin.lines.${line}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="category" label={t('admin.catalogue.category')} rules={required}>
              <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`admin.catalogue.categories.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameZh" label={t('admin.catalogue.nameZh')} rules={required}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={t('admin.catalogue.nameEn')} rules={required}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="basePrice" label={t('admin.catalogue.basePrice')} rules={required}>
              <InputNumber step={1} precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="expectedMinutes" label={t('admin.catalogue.expectedMinutes')} rules={required}>
              <InputNumber step={15} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="qualification" label={t('admin.catalogue.qualification')} rules={required}>
              <Input placeholder="housekeeping" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="cities" label={t('admin.catalogue.cities')} rules={required}>
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} placeholder={t('admin.catalogue.citiesHint')} open={false} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="productCategory" label={t('admin.catalogue.productCategory')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('admin.catalogue.standard')}
        </Typography.Title>
        <Form.List name="standard">
          {(areas, { add, remove }) => (
            <>
              {areas.map((area, a) => (
                <Card
                  key={area.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={t('admin.catalogue.area', { n: a + 1 })}
                  extra={
                    <Button size="small" type="link" danger onClick={() => remove(area.name)}>
                      {t('admin.catalogue.removeArea')}
                    </Button>
                  }
                >
                  <Form.Item
                    name={[area.name, 'area']}
                    label={t('admin.catalogue.areaName')}
                    rules={required}
                  >
                    <Input aria-label={`${t('admin.catalogue.area', { n: a + 1 })} ${t('admin.catalogue.areaName')}`} />
                  </Form.Item>
                  <Form.List name={[area.name, 'criteria']}>
                    {(criteria, { add: addCriterion, remove: removeCriterion }) => (
                      <>
                        {criteria.map((criterion, c) => {
                          const label = `${t('admin.catalogue.area', { n: a + 1 })} ${t('admin.catalogue.criterion', { n: c + 1 })}`;
                          return (
                            <Space key={criterion.key} align="start" style={{ display: 'flex' }}>
                              <Form.Item
                                name={criterion.name}
                                label={t('admin.catalogue.criterion', { n: c + 1 })}
                                style={{ flex: 1, minWidth: 480, marginBottom: 8 }}
                              >
                                <Input aria-label={label} />
                              </Form.Item>
                              <Button
                                type="link"
                                danger
                                style={{ marginTop: 30 }}
                                aria-label={`${t('admin.catalogue.removeCriterion')} ${label}`}
                                onClick={() => removeCriterion(criterion.name)}
                              >
                                {t('admin.catalogue.removeCriterion')}
                              </Button>
                            </Space>
                          );
                        })}
                        <Button
                          size="small"
                          onClick={() => addCriterion('')}
                          aria-label={`${t('admin.catalogue.addCriterion')} (${t('admin.catalogue.area', { n: a + 1 })})`}
                        >
                          {t('admin.catalogue.addCriterion')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button onClick={() => add({ area: '', criteria: [''] })}>{t('admin.catalogue.addArea')}</Button>
            </>
          )}
        </Form.List>
        {unplaced.length > 0 && (
          <Typography.Paragraph type="danger" role="alert" style={{ marginTop: 16 }}>
            {unplaced.map((p) => (p.field ? t('errors.field', { field: p.path ?? p.field, reason: p.reason }) : p.reason)).join('; ')}
          </Typography.Paragraph>
        )}
      </Form>
    </Drawer>
  );
}

/** Retires an item, with the reason people will read; a refusal stands by the reason. */
function RetireItem({
  code,
  onClose,
  onRetired,
}: {
  code: string;
  onClose: () => void;
  onRetired: (code: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [{ fetching }, retire] = useMutation(RetireDocument);
  const [problems, setProblems] = useState<Problem[]>([]);
  const reasonProblem = problemFor(problems, 'reason');
  return (
    <Modal
      open
      title={`${t('admin.catalogue.retire')} ${code}`}
      okText={t('admin.catalogue.retireConfirm')}
      okButtonProps={{ danger: true, loading: fetching }}
      cancelText={t('admin.cancel')}
      onCancel={onClose}
      onOk={async () => {
        const values = await form.validateFields().catch(() => null);
        if (!values) return;
        const result = await retire({ code, reason: values.reason });
        setProblems(problemsOf(result.error));
        if (!result.error) {
          void message.success(t('admin.catalogue.retired', { code }));
          onRetired(code);
        }
      }}
    >
      <Form form={form} name="retire-item" layout="vertical">
        <Form.Item
          name="reason"
          label={t('admin.catalogue.retireReason')}
          rules={[{ required: true, message: t('errors.required') }]}
          {...(reasonProblem ? { validateStatus: 'error' as const, help: reasonProblem.reason } : {})}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
      {problems
        .filter((p) => p !== reasonProblem)
        .map((p, i) => (
          <Typography.Paragraph key={i} type="danger" role="alert">
            {p.reason}
          </Typography.Paragraph>
        ))}
    </Modal>
  );
}
