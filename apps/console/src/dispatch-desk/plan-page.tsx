import { Alert, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { AcceptCityDayPlanMutation, PlanFieldsFragment } from '../gql/graphql';
import { dateTime } from '../i18n/format';
import { Chart } from '../ui/chart';
import { ProblemAlert } from '../ui/problem-alert';
import { statusStyle } from '../ui/theme';
import { DeskHeader, useBranchDay } from './branch-day';
import { useOrderName } from './order-name';

graphql(`
  fragment PlanFields on CityDayPlan {
    planId
    branchId
    day
    openOrders
    workers
    plan {
      assigned
      travelKm
    }
    greedy {
      assigned
      travelKm
    }
    travelSavedPct
    assignments {
      orderId
      order {
        id
        ...OrderName
      }
      workerId
      worker {
        id
        name
      }
      start
      travelKm
    }
    unassigned
    unassignedOrders {
      id
      ...OrderName
    }
    runtimeMs
    acceptedAt
  }
`);

const CityDayPlansDocument = graphql(`
  query CityDayPlans($branchId: ID!, $day: String!) {
    cityDayPlans(branchId: $branchId, day: $day) {
      ...PlanFields
    }
  }
`);

const ProposeCityDayPlanDocument = graphql(`
  mutation ProposeCityDayPlan($branchId: ID!, $day: String!) {
    proposeCityDayPlan(branchId: $branchId, day: $day) {
      ...PlanFields
    }
  }
`);

const AcceptCityDayPlanDocument = graphql(`
  mutation AcceptCityDayPlan($planId: ID!) {
    acceptCityDayPlan(planId: $planId) {
      planId
      offersMade
      skipped {
        orderId
        order {
          id
          ...OrderName
        }
        reason
      }
    }
  }
`);

type Acceptance = AcceptCityDayPlanMutation['acceptCityDayPlan'];

/**
 * The city-day plan: every open order of a branch's day planned at once, shown beside what greedy
 * dispatch (one order at a time) would do with the same orders and workers. Accepting it sends
 * each planned worker their offer; the day's earlier plans stay listed, accepted or not.
 */
export default function PlanPage() {
  const { t } = useTranslation();
  const desk = useBranchDay();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('plan');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: CityDayPlansDocument,
    variables: { branchId: desk.branchId, day: desk.day },
    pause: !desk.branchId,
  });
  const [proposal, propose] = useMutation(ProposeCityDayPlanDocument);
  const [acceptances, setAcceptances] = useState<Map<string, Acceptance>>(new Map());

  const fresh = proposal.data?.proposeCityDayPlan;
  const plans = useMemo(() => {
    const listed = data?.cityDayPlans ?? [];
    // The read model lists a plan proposed a moment ago shortly after; until then it is shown from the answer.
    return fresh && fresh.branchId === desk.branchId && fresh.day === desk.day && !listed.some((p) => p.planId === fresh.planId)
      ? [fresh, ...listed]
      : listed;
  }, [data, fresh, desk.branchId, desk.day]);
  const shown = plans.find((p) => p.planId === chosen) ?? plans[0];

  const choose = (planId: string) => {
    const next = new URLSearchParams(params);
    next.set('plan', planId);
    setParams(next, { replace: true });
  };

  return (
    <section aria-labelledby="plan-title">
      <DeskHeader id="plan-title" title={t('dispatch.plan.title')} desk={desk}>
        <Button
          type="primary"
          disabled={!desk.branchId}
          loading={proposal.fetching}
          onClick={async () => {
            const result = await propose({ branchId: desk.branchId, day: desk.day });
            if (result.data) {
              choose(result.data.proposeCityDayPlan.planId);
              refetch({ requestPolicy: 'network-only' });
            }
          }}
        >
          {proposal.fetching ? t('dispatch.plan.proposing') : t('dispatch.plan.propose')}
        </Button>
      </DeskHeader>
      {!desk.branchId && <Empty description={t('dispatch.pick.chooseBranch')} />}
      {/* A planned worker's name that workforce cannot give does not hide the plan. */}
      {!proposal.data && <ProblemAlert error={proposal.error} />}
      {!data && <ProblemAlert error={error} />}
      {desk.branchId && !shown && !fetching && <Empty description={t('dispatch.plan.none')} />}
      {shown && (
        <PlanView
          key={shown.planId}
          plan={shown}
          acceptance={acceptances.get(shown.planId)}
          onAccepted={(acceptance) => {
            setAcceptances((current) => new Map(current).set(acceptance.planId, acceptance));
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
      {plans.length > 0 && (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dispatch.plan.history')}</h2>} style={{ marginTop: 16 }}>
          <Table<PlanFieldsFragment>
            rowKey="planId"
            size="small"
            pagination={false}
            dataSource={plans}
            rowClassName={(p) => (p.planId === shown?.planId ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('dispatch.plan.proposedAt'), key: 'id', render: (_, p) => p.planId.slice(0, 8) },
              { title: t('dispatch.plan.openOrders'), key: 'open', render: (_, p) => p.openOrders },
              { title: t('dispatch.plan.assigned'), key: 'assigned', render: (_, p) => `${p.plan.assigned} / ${p.greedy.assigned}` },
              { title: t('dispatch.plan.saved'), key: 'saved', render: (_, p) => (p.travelSavedPct === null || p.travelSavedPct === undefined ? '—' : `${p.travelSavedPct}%`) },
              {
                title: t('dispatch.plan.accepted'),
                key: 'accepted',
                render: (_, p) =>
                  p.acceptedAt ? (
                    <Tag style={statusStyle.completed}>{t('dispatch.plan.acceptedAt', { at: dateTime(p.acceptedAt, p.branchId) })}</Tag>
                  ) : (
                    <Tag>{t('dispatch.plan.notAccepted')}</Tag>
                  ),
              },
              {
                title: '',
                key: 'show',
                render: (_, p) =>
                  p.planId === shown?.planId ? null : (
                    <Button size="small" onClick={() => choose(p.planId)} aria-label={`${t('dispatch.plan.show')} ${p.planId.slice(0, 8)}`}>
                      {t('dispatch.plan.show')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
    </section>
  );
}

/** One plan beside greedy dispatch, its assignments and unassigned orders, and accepting it. */
function PlanView({
  plan,
  acceptance,
  onAccepted,
}: {
  plan: PlanFieldsFragment;
  acceptance: Acceptance | undefined;
  onAccepted: (acceptance: Acceptance) => void;
}) {
  const { t } = useTranslation();
  const orderName = useOrderName();
  const [accepting, accept] = useMutation(AcceptCityDayPlanDocument);
  const saved = plan.travelSavedPct;
  const chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('dispatch.plan.planSide'), t('dispatch.plan.greedySide')] },
      grid: { left: 48, right: 16, bottom: 24, top: 40 },
      xAxis: { type: 'category', data: [t('dispatch.plan.travel'), t('dispatch.plan.assigned')] },
      yAxis: { type: 'value' },
      series: [
        { name: t('dispatch.plan.planSide'), type: 'bar', data: [plan.plan.travelKm, plan.plan.assigned], itemStyle: { color: '#1677ff' } },
        { name: t('dispatch.plan.greedySide'), type: 'bar', data: [plan.greedy.travelKm, plan.greedy.assigned], itemStyle: { color: '#8c8c8c' } },
      ],
    }),
    [plan, t],
  );
  const side = (title: string, figures: PlanFieldsFragment['plan'], highlight: boolean) => (
    <Card size="small" title={<h3 style={{ fontSize: 15, margin: 0 }}>{title}</h3>} style={highlight ? { borderColor: '#1677ff' } : undefined}>
      <Space size={32}>
        <Statistic title={t('dispatch.plan.assigned')} value={figures.assigned} />
        <Statistic title={t('dispatch.plan.travel')} value={figures.travelKm} precision={2} />
      </Space>
    </Card>
  );

  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dispatch.plan.latest', { id: plan.planId.slice(0, 8) })}</h2>}
      extra={
        plan.acceptedAt || acceptance ? (
          <Tag style={statusStyle.completed}>
            {plan.acceptedAt ? t('dispatch.plan.acceptedAt', { at: dateTime(plan.acceptedAt, plan.branchId) }) : t('dispatch.plan.accepted')}
          </Tag>
        ) : (
          <Popconfirm
            title={t('dispatch.plan.acceptConfirm')}
            okText={t('dispatch.plan.acceptOk')}
            cancelText={t('dispatch.plan.keep')}
            onConfirm={async () => {
              const result = await accept({ planId: plan.planId });
              if (result.data) onAccepted(result.data.acceptCityDayPlan);
            }}
          >
            <Button type="primary" loading={accepting.fetching} disabled={plan.assignments.length === 0}>
              {t('dispatch.plan.accept')}
            </Button>
          </Popconfirm>
        )
      }
    >
      {!accepting.data && <ProblemAlert error={accepting.error} />}
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('dispatch.plan.openOrders')}>{plan.openOrders}</Descriptions.Item>
        <Descriptions.Item label={t('dispatch.plan.workers')}>{plan.workers}</Descriptions.Item>
        <Descriptions.Item label={t('dispatch.plan.runtime')}>{t('dispatch.plan.ms', { ms: plan.runtimeMs })}</Descriptions.Item>
      </Descriptions>

      {acceptance && (
        <Alert
          type="success"
          role="status"
          style={{ marginBottom: 16 }}
          message={
            <Space direction="vertical" style={{ width: '100%' }}>
              <Statistic title={t('dispatch.plan.offersMade')} value={acceptance.offersMade} />
              <Typography.Text strong>{t('dispatch.plan.skipped')}</Typography.Text>
              {acceptance.skipped.length === 0 ? (
                <Typography.Text>{t('dispatch.plan.noneSkipped')}</Typography.Text>
              ) : (
                <ul aria-label={t('dispatch.plan.skipped')} style={{ margin: 0 }}>
                  {acceptance.skipped.map((s) => (
                    <li key={s.orderId}>
                      <Link to={`/orders/${s.orderId}`}>{orderName(s.order, s.orderId)}</Link>：{s.reason}
                    </li>
                  ))}
                </ul>
              )}
            </Space>
          }
        />
      )}

      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('dispatch.plan.compare')}
      </Typography.Title>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}>
          {side(t('dispatch.plan.planSide'), plan.plan, true)}
        </Col>
        <Col xs={24} md={8}>
          {side(t('dispatch.plan.greedySide'), plan.greedy, false)}
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" role="group" aria-label={t('dispatch.plan.saved')} style={{ background: '#f0f5ff', borderColor: '#1677ff', height: '100%' }}>
            <Statistic
              title={t('dispatch.plan.saved')}
              value={saved ?? t('dispatch.plan.savedNone')}
              precision={saved === null || saved === undefined ? undefined : 1}
              suffix={saved === null || saved === undefined ? undefined : '%'}
              valueStyle={{ color: (saved ?? 0) >= 0 ? '#0958d9' : '#a8071a', fontWeight: 600 }}
            />
          </Card>
        </Col>
      </Row>
      <Chart option={chart} label={t('dispatch.plan.compare')} height={240} />

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={16}>
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t('dispatch.plan.assignments')}
          </Typography.Title>
          <Table
            rowKey="orderId"
            size="small"
            pagination={false}
            dataSource={plan.assignments}
            onRow={(a) => ({ 'data-order-id': a.orderId }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('dispatch.plan.order'), key: 'order', render: (_, a) => <Link to={`/orders/${a.orderId}`}>{orderName(a.order, a.orderId)}</Link> },
              { title: t('dispatch.plan.worker'), key: 'worker', render: (_, a) => a.worker?.name ?? a.workerId },
              { title: t('dispatch.plan.start'), key: 'start', render: (_, a) => dateTime(a.start, plan.branchId) },
              { title: t('dispatch.plan.travelKm'), key: 'travel', render: (_, a) => a.travelKm.toFixed(2) },
            ]}
          />
        </Col>
        <Col xs={24} lg={8}>
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t('dispatch.plan.unassigned')}
          </Typography.Title>
          <ul aria-label={t('dispatch.plan.unassigned')} style={{ listStyle: 'none', padding: 0, margin: 0, border: '1px solid #f0f0f0', borderRadius: 6 }}>
            {plan.unassigned.length === 0 && <li style={{ padding: '8px 12px' }}>{t('dispatch.plan.noneUnassigned')}</li>}
            {plan.unassigned.map((orderId, i) => (
              <li key={orderId} style={{ padding: '8px 12px', borderTop: '1px solid #f0f0f0' }}>
                <Link to={`/orders/${orderId}`}>{orderName(plan.unassignedOrders[i], orderId)}</Link>
              </li>
            ))}
          </ul>
        </Col>
      </Row>
    </Card>
  );
}
