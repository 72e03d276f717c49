import { Button, Card, Col, Form, Input, InputNumber, Row, Slider, Space, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { DispatchPolicyInput, DispatchPolicyQuery } from '../gql/graphql';
import { problemsOf, type Problem } from '../graph/problems';
import { ProblemAlert } from '../ui/problem-alert';
import { statusStyle } from '../ui/theme';
import { AdminOnly } from './admin-only';
import { BranchSelect, type BranchSummary } from './branch-select';
import { placeProblems } from './form-problems';

const DispatchPolicyDocument = graphql(`
  query DispatchPolicy($branchId: ID!) {
    dispatchPolicy(branchId: $branchId) {
      branchId
      version
      dailyJobCap
      travelSpeedKmh
      bufferMinutes
      maxDistanceKm
      routingRules {
        productCategory
        itemCode
        group
      }
      weights {
        distance
        regularWorker
        loadBalance
        rating
        skill
      }
      offerTimeoutSeconds
      sla {
        acceptMinutes
        arriveGraceMinutes
        finishGraceMinutes
      }
      reminders {
        beforeStartMinutes
        beforeEndMinutes
      }
    }
  }
`);

const SetDispatchPolicyDocument = graphql(`
  mutation SetDispatchPolicy($branchId: ID!, $input: DispatchPolicyInput!, $reason: String!) {
    setDispatchPolicy(branchId: $branchId, input: $input, reason: $reason) {
      branchId
      version
    }
  }
`);

type Policy = DispatchPolicyQuery['dispatchPolicy'];
interface RuleValues {
  productCategory?: string | null;
  itemCode?: string | null;
  group: string;
}
interface PolicyValues extends Omit<DispatchPolicyInput, 'routingRules'> {
  routingRules: RuleValues[];
  reason: string;
}

const WEIGHTS = ['distance', 'regularWorker', 'loadBalance', 'rating', 'skill'] as const;
const FIELDS = [
  'dailyJobCap',
  'travelSpeedKmh',
  'bufferMinutes',
  'maxDistanceKm',
  'routingRules',
  'weights',
  'offerTimeoutSeconds',
  'sla',
  'reminders',
  'reason',
] as const;

/** The form's values without the graph's own fields (__typename, version). */
const valuesOf = (p: Policy): Omit<PolicyValues, 'reason'> => ({
  dailyJobCap: p.dailyJobCap,
  travelSpeedKmh: p.travelSpeedKmh,
  bufferMinutes: p.bufferMinutes,
  maxDistanceKm: p.maxDistanceKm,
  routingRules: p.routingRules.map((r) => ({ productCategory: r.productCategory, itemCode: r.itemCode, group: r.group })),
  weights: Object.fromEntries(WEIGHTS.map((w) => [w, p.weights[w]])) as PolicyValues['weights'],
  offerTimeoutSeconds: p.offerTimeoutSeconds,
  sla: {
    acceptMinutes: p.sla.acceptMinutes,
    arriveGraceMinutes: p.sla.arriveGraceMinutes,
    finishGraceMinutes: p.sla.finishGraceMinutes,
  },
  reminders: { beforeStartMinutes: p.reminders.beforeStartMinutes, beforeEndMinutes: p.reminders.beforeEndMinutes },
});

/** An empty key of a rule is left out: a rule matches on the keys it names. */
const ruleInput = ({ productCategory, itemCode, group }: RuleValues) => ({
  ...(productCategory ? { productCategory } : {}),
  ...(itemCode ? { itemCode } : {}),
  group,
});

/** A branch's dispatch policy as a form; saved with a reason as a new version; refusals by their fields. */
export default function PolicyPage() {
  return (
    <AdminOnly>
      <PolicyEditor />
    </AdminOnly>
  );
}

function PolicyEditor() {
  const { t } = useTranslation();
  const [branch, setBranch] = useState<BranchSummary>();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: DispatchPolicyDocument,
    variables: { branchId: branch?.id ?? '' },
    pause: !branch,
    requestPolicy: 'network-only',
  });
  const [{ fetching: saving }, save] = useMutation(SetDispatchPolicyDocument);
  const [form] = Form.useForm<PolicyValues>();
  const [unplaced, setUnplaced] = useState<Problem[]>([]);
  const policy = data?.dispatchPolicy;

  useEffect(() => {
    if (policy) form.setFieldsValue({ ...valuesOf(policy), reason: '' });
  }, [policy, form]);

  const submit = async () => {
    if (!branch) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const { reason, routingRules, ...rest } = values;
    const result = await save({
      branchId: branch.id,
      input: { ...rest, routingRules: (routingRules ?? []).map(ruleInput) },
      reason,
    });
    if (result.error) {
      setUnplaced(placeProblems(form, problemsOf(result.error), FIELDS));
      return;
    }
    setUnplaced([]);
    void message.success(t('admin.policy.saved', { version: result.data?.setDispatchPolicy.version }));
    refetch({ requestPolicy: 'network-only' });
  };

  const required = [{ required: true, message: t('errors.required') }];
  const number = (name: (string | number)[], label: string, step = 1) => (
    <Col xs={24} md={12} xl={8} key={name.join('.')}>
      <Form.Item name={name} label={label} rules={required}>
        <InputNumber step={step} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );

  return (
    <section aria-labelledby="policy-title">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Space align="center">
          <Typography.Title level={1} id="policy-title" style={{ fontSize: 22, margin: 0 }}>
            {t('admin.policy.title')}
          </Typography.Title>
          {policy && (
            <Tag style={statusStyle.assigned} data-testid="policy-version">
              {policy.version === 0 ? t('admin.policy.defaults') : t('admin.policy.version', { version: policy.version })}
            </Tag>
          )}
        </Space>
        <BranchSelect value={branch} onChange={setBranch} />
      </Space>
      <ProblemAlert error={error} />
      {fetching && !policy && <Typography.Text>{t('admin.loading')}</Typography.Text>}
      {policy && (
        <Form form={form} name="dispatch-policy" layout="vertical">
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('admin.policy.weights')} style={{ marginBottom: 16 }}>
                {WEIGHTS.map((w) => (
                  <Form.Item key={w} label={t(`admin.policy.${w}`)} required style={{ marginBottom: 8 }}>
                    <Row gutter={12} align="middle">
                      <Col flex="auto">
                        <Form.Item name={['weights', w]} noStyle>
                          <Slider min={0} max={1} step={0.01} ariaLabelForHandle={t(`admin.policy.${w}`)} />
                        </Form.Item>
                      </Col>
                      <Col flex="100px">
                        <Form.Item name={['weights', w]} rules={required} style={{ marginBottom: 0 }}>
                          <InputNumber step={0.05} style={{ width: '100%' }} aria-label={t(`admin.policy.${w}`)} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Form.Item>
                ))}
              </Card>
              <Card size="small" title={t('admin.policy.routing')} style={{ marginBottom: 16 }}>
                <Typography.Paragraph type="secondary">{t('admin.policy.routingHint')}</Typography.Paragraph>
                <Form.List name="routingRules">
                  {(rules, { add, remove }) => (
                    <>
                      {rules.map((rule, i) => (
                        <Row key={rule.key} gutter={8} align="bottom">
                          <Col span={7}>
                            <Form.Item name={[rule.name, 'productCategory']} label={`${t('admin.policy.rule', { n: i + 1 })} · ${t('admin.catalogue.productCategory')}`}>
                              <Input />
                            </Form.Item>
                          </Col>
                          <Col span={7}>
                            <Form.Item name={[rule.name, 'itemCode']} label={t('admin.policy.itemCode')}>
                              <Input />
                            </Form.Item>
                          </Col>
                          <Col span={6}>
                            <Form.Item name={[rule.name, 'group']} label={t('admin.policy.group')} rules={required}>
                              <Input />
                            </Form.Item>
                          </Col>
                          <Col span={4}>
                            <Form.Item>
                              <Button
                                type="link"
                                danger
                                onClick={() => remove(rule.name)}
                                aria-label={`${t('admin.policy.removeRule')} ${i + 1}`}
                              >
                                {t('admin.policy.removeRule')}
                              </Button>
                            </Form.Item>
                          </Col>
                        </Row>
                      ))}
                      <Button onClick={() => add({ group: '' })}>{t('admin.policy.addRule')}</Button>
                    </>
                  )}
                </Form.List>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('admin.policy.caps')} style={{ marginBottom: 16 }}>
                <Row gutter={16}>
                  {number(['dailyJobCap'], t('admin.policy.dailyJobCap'))}
                  {number(['maxDistanceKm'], t('admin.policy.maxDistanceKm'), 0.5)}
                  {number(['travelSpeedKmh'], t('admin.policy.travelSpeedKmh'))}
                  {number(['bufferMinutes'], t('admin.policy.bufferMinutes'), 5)}
                </Row>
              </Card>
              <Card size="small" title={t('admin.policy.offers')} style={{ marginBottom: 16 }}>
                <Row gutter={16}>
                  {number(['offerTimeoutSeconds'], t('admin.policy.offerTimeoutSeconds'), 10)}
                  {number(['sla', 'acceptMinutes'], t('admin.policy.acceptMinutes'), 5)}
                  {number(['sla', 'arriveGraceMinutes'], t('admin.policy.arriveGraceMinutes'), 5)}
                  {number(['sla', 'finishGraceMinutes'], t('admin.policy.finishGraceMinutes'), 5)}
                </Row>
              </Card>
              <Card size="small" title={t('admin.policy.reminders')} style={{ marginBottom: 16 }}>
                <Row gutter={16}>
                  {number(['reminders', 'beforeStartMinutes'], t('admin.policy.beforeStartMinutes'), 5)}
                  {number(['reminders', 'beforeEndMinutes'], t('admin.policy.beforeEndMinutes'), 5)}
                </Row>
              </Card>
              <Form.Item name="reason" label={t('admin.reason')} rules={required}>
                <Input.TextArea rows={2} />
              </Form.Item>
              {unplaced.length > 0 && (
                <Typography.Paragraph type="danger" role="alert">
                  {unplaced
                    .map((p) => (p.field ? t('errors.field', { field: p.path ?? p.field, reason: p.reason }) : p.reason))
                    .join('; ')}
                </Typography.Paragraph>
              )}
              <Button type="primary" loading={saving} onClick={submit}>
                {t('admin.save')}
              </Button>
            </Col>
          </Row>
        </Form>
      )}
    </section>
  );
}
