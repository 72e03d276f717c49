import { Badge, Card, Col, Empty, Row, Space, Statistic, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { DayBoardQuery, DispatchStatus } from '../gql/graphql';
import { countdown, time } from '../i18n/format';
import { ProblemAlert } from '../ui/problem-alert';
import { useNow } from '../ui/use-now';
import type { Branch } from '../graph/branches';
import { DeskHeader, useBranchDay, useDistrictName } from './branch-day';
import { useOrderName } from './order-name';

const DayBoardDocument = graphql(`
  query DayBoard($branchId: ID!, $day: String!) {
    dispatchBoard(branchId: $branchId, day: $day) {
      branchId
      day
      counts {
        waiting
        offering
        assigned
        failed
        started
        done
        cancelled
      }
      orders {
        orderId
        order {
          id
          ...OrderName
        }
        district
        start
        end
        progress
        dispatchStatus
        workerId
        worker {
          id
          name
        }
        stationId
        offerExpiresAt
      }
    }
  }
`);

const DayBoardChangesDocument = graphql(`
  subscription DayBoardChanges {
    orderBoardChanged {
      orderId
      change
    }
  }
`);

type BoardOrder = DayBoardQuery['dispatchBoard']['orders'][number];
const STATUSES: DispatchStatus[] = ['waiting', 'offering', 'assigned', 'failed'];
const STATUS_COLOR: Record<DispatchStatus, string> = {
  waiting: '#874d00',
  offering: '#003eb3',
  assigned: '#135200',
  failed: '#a8071a',
};

/** The station an order belongs to: its worker's, else the one serving its district. */
function stationOf(order: BoardOrder, branch: Branch | undefined) {
  return order.stationId ?? branch?.stations.find((s) => s.districts.includes(order.district))?.id ?? null;
}

/**
 * A branch's day at a glance: how many orders wait, are offered, assigned or failed, and each
 * district's (or station's) orders in those four columns. It follows every change live.
 */
export default function DayBoardPage() {
  const { t, i18n } = useTranslation();
  const desk = useBranchDay();
  const [params, setParams] = useSearchParams();
  const groupBy = params.get('group') === 'station' ? 'station' : 'district';
  const districtName = useDistrictName();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: DayBoardDocument,
    variables: { branchId: desk.branchId, day: desk.day },
    pause: !desk.branchId,
  });
  useSubscription({ query: DayBoardChangesDocument, pause: !desk.branchId }, (_, event) => {
    refetch({ requestPolicy: 'network-only' });
    return event;
  });
  const board = data?.dispatchBoard;

  const groups = useMemo(() => {
    const byKey = new Map<string, BoardOrder[]>();
    for (const order of board?.orders ?? []) {
      if (order.progress === 'cancelled') continue;
      const key = groupBy === 'district' ? order.district : (stationOf(order, desk.branch) ?? '');
      byKey.set(key, [...(byKey.get(key) ?? []), order]);
    }
    const stationName = (id: string) => {
      if (!id) return t('dispatch.board.noStation');
      const station = desk.branch?.stations.find((s) => s.id === id);
      return station ? (i18n.language === 'en' ? station.name.en : station.name.zh) : id;
    };
    return [...byKey.entries()]
      .map(([key, orders]) => ({ key, name: groupBy === 'district' ? districtName(key) : stationName(key), orders }))
      .sort((a, b) => (a.key === '' ? 1 : b.key === '' ? -1 : a.name.localeCompare(b.name, 'zh')));
  }, [board, groupBy, desk.branch, districtName, t, i18n.language]);

  return (
    <section aria-labelledby="day-board-title">
      <DeskHeader
        id="day-board-title"
        desk={desk}
        title={
          <>
            {t('dispatch.board.title')} <Badge status="processing" text={t('dispatch.board.live')} />
          </>
        }
      />
      {!desk.branchId && <Empty description={t('dispatch.pick.chooseBranch')} />}
      {!data && <ProblemAlert error={error} />}
      {desk.branchId && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {STATUSES.map((status) => (
              <Col xs={12} md={6} key={status} role="group" aria-label={t(`dispatch.statuses.${status}`)}>
                <Card size="small" loading={fetching && !board}>
                  <Statistic
                    title={t(`dispatch.statuses.${status}`)}
                    value={board?.counts[status] ?? 0}
                    valueStyle={{ color: STATUS_COLOR[status] }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          {board && (
            <Typography.Paragraph type="secondary">
              {t('dispatch.board.others', board.counts)}
            </Typography.Paragraph>
          )}
          <Tabs
            activeKey={groupBy}
            onChange={(key) => {
              const next = new URLSearchParams(params);
              next.set('group', key);
              setParams(next, { replace: true });
            }}
            items={[
              { key: 'district', label: t('dispatch.board.byDistrict') },
              { key: 'station', label: t('dispatch.board.byStation') },
            ]}
          />
          {board && groups.length === 0 && <Empty description={t('dispatch.board.none')} />}
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {groups.map((group) => (
              <BoardGroup key={group.key || 'none'} name={group.name} orders={group.orders} />
            ))}
          </Space>
        </>
      )}
    </section>
  );
}

/** One district's or station's orders, a column per dispatch status. */
function BoardGroup({ name, orders }: { name: string; orders: BoardOrder[] }) {
  const { t } = useTranslation();
  const now = useNow();
  const orderName = useOrderName();
  const headingId = `group-${name}`;
  return (
    <Card
      size="small"
      title={<span id={headingId}>{t('dispatch.board.group', { name, count: orders.length })}</span>}
      role="region"
      aria-labelledby={headingId}
    >
      <Row gutter={[12, 12]}>
        {STATUSES.map((status) => {
          const column = orders.filter((o) => o.dispatchStatus === status);
          return (
            <Col xs={24} md={6} key={status}>
              <Typography.Text strong style={{ color: STATUS_COLOR[status] }}>
                {t(`dispatch.statuses.${status}`)} {column.length}
              </Typography.Text>
              <ul aria-label={`${name} ${t(`dispatch.statuses.${status}`)}`} style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }}>
                {column.length === 0 && (
                  <li>
                    <Typography.Text type="secondary">{t('dispatch.board.empty')}</Typography.Text>
                  </li>
                )}
                {column.map((o) => {
                  const left = o.offerExpiresAt ? Date.parse(o.offerExpiresAt) - now : 0;
                  return (
                    <li key={o.orderId} data-order-id={o.orderId} style={{ padding: '6px 8px', marginBottom: 6, background: '#fafafa', borderRadius: 6 }}>
                      <Link to={`/orders/${o.orderId}`}>
                        {time(o.start)}–{time(o.end)} {orderName(o.order, o.orderId)}
                      </Link>
                      {status === 'offering' && (
                        <div>
                          <Typography.Text type="secondary">
                            {o.worker?.name ?? o.workerId} ·{' '}
                            {left > 0 ? t('dispatch.board.timeLeft', { time: countdown(left) }) : t('dispatch.board.expired')}
                          </Typography.Text>
                        </div>
                      )}
                      {status === 'assigned' && (
                        <div>
                          <Typography.Text type="secondary">{o.worker?.name ?? o.workerId}</Typography.Text>
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
