import { Button, Card, Dialog, Empty, Form, NoticeBar, Space, Tag, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { PhoneLoadError } from '../ui/phone-list';
import type { MyOffersQuery } from '../gql/graphql';
import { problemsOf } from '../graph/problems';
import { countdown, timeWindow } from '../i18n/format';
import { useNow } from '../ui/use-now';
import { useRefreshEvery } from '../graph/refresh';

const MyOffersDocument = graphql(`
  query MyOffers {
    myOffers(openOnly: true) {
      offerId
      orderId
      rank
      status
      expiresAt
      order {
        id
        branchId
        item {
          nameZh
          nameEn
        }
        address {
          district
          street
        }
        appointment {
          start
          end
        }
      }
    }
  }
`);

const AcceptDocument = graphql(`
  mutation AcceptOffer($offerId: ID!) {
    acceptOffer(offerId: $offerId) {
      offerId
      status
    }
  }
`);

const DeclineDocument = graphql(`
  mutation DeclineOffer($offerId: ID!, $reason: String!) {
    declineOffer(offerId: $offerId, reason: $reason) {
      offerId
      status
    }
  }
`);

type Offer = MyOffersQuery['myOffers'][number];
/** Offers come and lapse in minutes: the list is asked again this often. */
const REFRESH_MS = 5000;

/** The worker's open offers, with the time left to answer; accept or decline (with a reason). */
export default function OffersPage() {
  const { t } = useTranslation();
  const { offerId: linked } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: MyOffersDocument });
  useRefreshEvery(refetch, REFRESH_MS);
  const now = useNow();
  // What the worker just answered stays in sight: the offer itself leaves the open list at once.
  const [answered, setAnswered] = useState<{ offerId: string; text: string }[]>([]);
  if (error && !data) return <PhoneLoadError error={error} />;
  const offers = (data?.myOffers ?? []).filter((o) => !answered.some((a) => a.offerId === o.offerId));
  return (
    <Space direction="vertical" block>
      {answered.map((a) => (
        <div key={a.offerId} role="status">
          <NoticeBar content={a.text} color="info" wrap />
        </div>
      ))}
      {offers.length === 0 && <Empty description={t('offers.none')} />}
      {offers.map((offer) => (
        <OfferCard
          key={offer.offerId}
          offer={offer}
          now={now}
          linked={offer.offerId === linked}
          onAnswered={(text) => {
            setAnswered((current) => [{ offerId: offer.offerId, text }, ...current]);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      ))}
    </Space>
  );
}

function OfferCard({
  offer,
  now,
  linked,
  onAnswered,
}: {
  offer: Offer;
  now: number;
  linked: boolean;
  onAnswered: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [, accept] = useMutation(AcceptDocument);
  const [, decline] = useMutation(DeclineDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const left = new Date(offer.expiresAt).getTime() - now;
  const order = offer.order;
  const title = order ? (i18n.language === 'en' ? order.item.nameEn : order.item.nameZh) : offer.orderId;
  const when = order ? timeWindow(order.appointment.start, order.appointment.end, order.branchId) : '';
  const answer = async (run: () => Promise<{ error?: Parameters<typeof problemsOf>[0] }>, done: string) => {
    const result = await run();
    const problems = problemsOf(result.error);
    setProblem(problems.map((p) => p.reason).join('; ') || null);
    if (problems.length === 0) onAnswered(t('offers.answered', { what: done, title, when }));
  };
  return (
    <Card
      title={title}
      extra={<Tag color={left > 60_000 ? 'primary' : 'danger'}>{left > 0 ? t('offers.timeLeft', { time: countdown(left) }) : t('offers.expired')}</Tag>}
      style={linked ? { outline: '2px solid #1677ff' } : undefined}
      aria-label={`offer ${offer.offerId}`}
    >
      {order && (
        <p style={{ margin: '0 0 8px' }}>
          {when}
          <br />
          {order.address.district} {order.address.street}
        </p>
      )}
      <p style={{ margin: '0 0 8px', color: '#666' }}>{t('offers.rank', { rank: offer.rank })}</p>
      {problem && (
        <p role="alert" style={{ color: '#c00', margin: '0 0 8px' }}>
          {problem}
        </p>
      )}
      <Space block justify="between">
        <Button
          color="primary"
          disabled={left <= 0}
          onClick={() => void answer(() => accept({ offerId: offer.offerId }), t('offers.accepted'))}
        >
          {t('offers.accept')}
        </Button>
        <Button
          disabled={left <= 0}
          onClick={() => {
            let reason = '';
            void Dialog.confirm({
              title: t('offers.declineReason'),
              'aria-label': t('offers.declineReason'),
              content: (
                <Form layout="vertical">
                  <Form.Item label={t('offers.declineReason')}>
                    <TextArea rows={2} onChange={(value) => (reason = value)} />
                  </Form.Item>
                </Form>
              ),
              confirmText: t('offers.declineConfirm'),
              onConfirm: () => answer(() => decline({ offerId: offer.offerId, reason }), t('offers.declined')),
            });
          }}
        >
          {t('offers.decline')}
        </Button>
      </Space>
    </Card>
  );
}
