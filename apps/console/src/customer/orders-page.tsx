import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { PhoneLoadError, PhoneOrderList } from '../ui/phone-list';

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
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: MyOrdersDocument, requestPolicy: 'cache-and-network' });
  if (error && !data) return <PhoneLoadError error={error} />;
  return <PhoneOrderList orders={data?.myOrders.items ?? []} linkTo={(id) => `/m/orders/${id}`} empty={t('customer.none')} />;
}
