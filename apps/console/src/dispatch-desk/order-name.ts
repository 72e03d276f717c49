import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { OrderNameFragment } from '../gql/graphql';

/** What names an order on the desk screens: its channel number and its item. */
export const OrderNameFragmentDoc = graphql(`
  fragment OrderName on Order {
    channelOrderId
    item {
      nameZh
      nameEn
    }
  }
`);

/** 日常保洁 3小时 · TM-1234, or the order id's start while orders cannot say (or the caller may not see it). */
export function useOrderName() {
  const { i18n } = useTranslation();
  return (order: OrderNameFragment | null | undefined, orderId: string) => {
    if (!order) return orderId.slice(0, 8);
    const item = i18n.language === 'en' ? order.item.nameEn : order.item.nameZh;
    return `${item} · ${order.channelOrderId ?? orderId.slice(0, 8)}`;
  };
}
