import { Empty, ErrorBlock, List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { problemsOf } from '../graph/problems';
import { timeWindow } from '../i18n/format';

const MyOrdersDocument = graphql(`
  query MyOrders {
    myOrders(page: { limit: 50 }) {
      items {
        id
        status
        branchId
        item {
          nameZh
          nameEn
        }
        appointment {
          start
          end
        }
      }
    }
  }
`);

/** The customer's orders, newest appointment first. */
export default function CustomerOrdersPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: MyOrdersDocument, requestPolicy: 'cache-and-network' });
  if (error && !data) return <ErrorBlock status="default" title={problemsOf(error)[0]?.reason} description="" />;
  const orders = data?.myOrders.items ?? [];
  if (orders.length === 0) return <Empty description={t('customer.none')} />;
  return (
    <List>
      {orders.map((order) => (
        <List.Item
          key={order.id}
          onClick={() => navigate(`/m/orders/${order.id}`)}
          description={timeWindow(order.appointment.start, order.appointment.end, order.branchId)}
          extra={<Tag>{t(`status.${order.status}`)}</Tag>}
        >
          {i18n.language === 'en' ? order.item.nameEn : order.item.nameZh}
        </List.Item>
      ))}
    </List>
  );
}
