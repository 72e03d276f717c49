import { Button, Form, Input, Selector, TextArea } from 'antd-mobile';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { PlaceOrderInput, ServiceLine } from '../gql/graphql';
import { problemsOf, type Problem } from '../graph/problems';
import { yuan } from '../i18n/format';
import { showOnFields } from '../ui/phone-form';
import { PhoneLoadError } from '../ui/phone-list';
import { AppointmentPicker, timeWindowOf, type Appointment } from './appointment-picker';
import { CITIES, CITY_DISTRICTS } from './districts';

const BookableDocument = graphql(`
  query Bookable($city: String!, $line: ServiceLine!) {
    catalogue(city: $city, line: $line, status: published) {
      code
      nameZh
      nameEn
      productCategory
      expectedMinutes
      basePriceMinor
    }
  }
`);

const PlaceOrderDocument = graphql(`
  mutation PlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      orderId
    }
  }
`);

export interface OrderFormValues {
  city: string[];
  itemCode?: string[];
  appointment?: Appointment;
  name: string;
  phone: string;
  district: string[];
  street: string;
  notes?: string;
  [more: string]: unknown;
}

/** Where the service names a field of placeOrder, the form field it belongs to. */
const FIELDS: Record<string, string> = {
  itemCode: 'itemCode',
  city: 'city',
  district: 'district',
  location: 'district',
  name: 'name',
  phone: 'phone',
  street: 'street',
  start: 'appointment',
  end: 'appointment',
  appointment: 'appointment',
  notes: 'notes',
};

/**
 * A customer's new order on the phone: city, a published item of the line with its price and
 * duration, day and window, contact and address, notes; what the caller adds (a fault report's
 * product and photos) goes in `children` and `extra`. Placed, it opens the order's page.
 */
export function PlaceOrderForm({
  name,
  line,
  itemLabel,
  submitLabel,
  children,
  extra,
  extraFields = {},
}: {
  name: string;
  line: ServiceLine;
  itemLabel: string;
  submitLabel: string;
  children?: ReactNode;
  extra?: (values: OrderFormValues, item: { productCategory?: string | null } | undefined) => Partial<PlaceOrderInput>;
  extraFields?: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [city, setCity] = useState('shanghai');
  const [{ data, error, fetching }] = useQuery({ query: BookableDocument, variables: { city, line } });
  const [, place] = useMutation(PlaceOrderDocument);
  const [busy, setBusy] = useState(false);
  const [others, setOthers] = useState<Problem[]>([]);
  const items = data?.catalogue ?? [];
  const required = [{ required: true, message: t('booking.required') }];
  const chosen = [{ required: true, type: 'array' as const, min: 1, message: t('booking.required') }];
  const duration = (minutes: number) =>
    minutes % 60 === 0 ? t('booking.hours', { count: minutes / 60 }) : t('booking.minutes', { count: minutes });

  const submit = async (values: OrderFormValues) => {
    const window = timeWindowOf(values.appointment);
    if (!window) {
      form.setFields([{ name: 'appointment', errors: [t('booking.required')] }]);
      return;
    }
    const cityCode = values.city[0] ?? city;
    const district = values.district[0] ?? '';
    const [lat, lng] = CITY_DISTRICTS[cityCode]?.[district] ?? [0, 0];
    const itemCode = values.itemCode?.[0] ?? '';
    const item = items.find((i) => i.code === itemCode);
    setBusy(true);
    setOthers([]);
    const result = await place({
      input: {
        itemCode,
        appointment: window,
        contact: { name: values.name.trim(), phone: values.phone.trim(), street: values.street.trim() },
        address: { city: cityCode, district, location: { lat, lng } },
        notes: values.notes?.trim() || undefined,
        ...extra?.(values, item),
      },
    });
    setBusy(false);
    const orderId = result.data?.placeOrder.orderId;
    if (orderId) {
      navigate(`/m/orders/${orderId}`);
      return;
    }
    setOthers(showOnFields(form, problemsOf(result.error), { ...FIELDS, ...extraFields }));
  };

  return (
    <Form
      form={form}
      name={name}
      layout="vertical"
      initialValues={{ city: ['shanghai'], district: [] }}
      onFinish={(values) => void submit(values as OrderFormValues)}
      onValuesChange={(changed: Partial<OrderFormValues>) => {
        if (changed.city?.[0]) {
          setCity(changed.city[0]);
          form.setFieldsValue({ itemCode: [], district: [] });
        }
      }}
      footer={
        <>
          {others.length > 0 && (
            <div role="alert" style={{ color: '#b00020', marginBottom: 8 }}>
              {others.map((p, i) => (
                <p key={i} style={{ margin: '2px 0' }}>
                  {p.reason}
                </p>
              ))}
            </div>
          )}
          <Button block type="submit" color="primary" size="large" loading={busy}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <Form.Item name="city" label={t('booking.city')} rules={chosen}>
        <Selector columns={3} options={CITIES.map((c) => ({ label: t(`booking.cities.${c}`), value: c }))} />
      </Form.Item>
      <Form.Item name="itemCode" label={itemLabel} rules={chosen}>
        {error && !data ? (
          <PhoneLoadError error={error} />
        ) : items.length === 0 && !fetching ? (
          <p style={{ margin: 0 }}>{t('booking.noItems')}</p>
        ) : (
          <Selector
            columns={1}
            options={items.map((item) => ({
              value: item.code,
              label: (
                <span style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', textAlign: 'left', gap: 8 }}>
                  <span>
                    {i18n.language === 'en' ? item.nameEn : item.nameZh}
                    <br />
                    <small style={{ color: '#595959' }}>{duration(item.expectedMinutes)}</small>
                  </span>
                  <strong style={{ color: '#c4001d', whiteSpace: 'nowrap' }}>{yuan(item.basePriceMinor)}</strong>
                </span>
              ),
            }))}
          />
        )}
      </Form.Item>
      {children}
      <Form.Item name="appointment" label={t('booking.window')} rules={required}>
        <AppointmentPicker />
      </Form.Item>
      <Form.Item name="name" label={t('booking.name')} rules={required}>
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item name="phone" label={t('booking.phone')} rules={required}>
        <Input type="tel" autoComplete="tel" />
      </Form.Item>
      <Form.Item name="district" label={t('booking.district')} rules={chosen}>
        <Selector columns={3} options={Object.keys(CITY_DISTRICTS[city] ?? {}).map((d) => ({ label: d, value: d }))} />
      </Form.Item>
      <Form.Item name="street" label={t('booking.street')} rules={required}>
        <Input placeholder={t('booking.streetHint')} autoComplete="street-address" />
      </Form.Item>
      <Form.Item name="notes" label={t('booking.notes')}>
        <TextArea rows={2} placeholder={t('booking.notesHint')} />
      </Form.Item>
    </Form>
  );
}
