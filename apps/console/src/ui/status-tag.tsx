import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../gql/graphql';
import { statusStyle } from './theme';

export function StatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <Tag style={statusStyle[status]}>{t(`status.${status}`)}</Tag>;
}
