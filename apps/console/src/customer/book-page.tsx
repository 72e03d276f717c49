import { useTranslation } from 'react-i18next';
import { PlaceOrderForm } from './place-order-form';

/** A customer books a published home service of their city: item and price, day and window, where. */
export default function BookPage() {
  const { t } = useTranslation();
  return <PlaceOrderForm name="book" line="home_services" itemLabel={t('booking.item')} submitLabel={t('booking.submit')} />;
}
