import { Form, Input, Space, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context';
import { uploadFile } from '../graph/files';
import { PhonePhotoInput } from '../ui/phone-photo-input';
import { PhoneImage } from './phone-image';
import { PlaceOrderForm, type OrderFormValues } from './place-order-form';

/** The product fields of a fault report, as the service names them, and the form's names for them. */
const PRODUCT_FIELDS = { model: 'model', purchaseDate: 'purchaseDate', fault: 'fault', category: 'model' };

/**
 * A customer reports a fault on a product (after-sales): the product and what is wrong, photos
 * uploaded to `/files` first and attached, then the repair item, window and address.
 */
export default function ReportPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadProblem, setUploadProblem] = useState<string | null>(null);
  const required = [{ required: true, message: t('booking.required') }];
  return (
    <PlaceOrderForm
      name="report"
      line="after_sales"
      itemLabel={t('booking.repairItem')}
      submitLabel={t('booking.submitReport')}
      extraFields={PRODUCT_FIELDS}
      extra={(values: OrderFormValues, item) => ({
        product: {
          category: item?.productCategory ?? 'other',
          model: String(values.model ?? '').trim(),
          purchaseDate: String(values.purchaseDate ?? ''),
          fault: String(values.fault ?? '').trim(),
        },
        attachments: photos.map((fileId) => ({ fileId, kind: 'fault_picture' as const })),
      })}
    >
      <Form.Header>{t('booking.product')}</Form.Header>
      <Form.Item name="model" label={t('booking.model')} rules={required}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="purchaseDate" label={t('booking.purchaseDate')} rules={required}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="fault" label={t('booking.fault')} rules={required}>
        <TextArea rows={3} placeholder={t('booking.faultHint')} />
      </Form.Item>
      <Form.Item label={t('booking.photos')}>
        <div>
          {photos.length > 0 && (
            <Space wrap style={{ marginBottom: 8 }}>
              {photos.map((fileId, i) => (
                <PhoneImage key={fileId} fileId={fileId} alt={t('booking.photo', { n: i + 1 })} />
              ))}
            </Space>
          )}
          <PhonePhotoInput
            label={t('booking.addPhoto')}
            disabled={uploading}
            onFile={(file) => {
              setUploading(true);
              setUploadProblem(null);
              void uploadFile(session.token, file, 'fault_picture').then((uploaded) => {
                setUploading(false);
                if ('error' in uploaded) setUploadProblem(uploaded.error);
                else setPhotos((current) => [...current, uploaded.fileId]);
              });
            }}
          />
          {uploading && <p style={{ margin: '6px 0 0' }}>{t('booking.uploading')}</p>}
          {uploadProblem && (
            <p role="alert" style={{ color: '#b00020', margin: '6px 0 0' }}>
              {uploadProblem}
            </p>
          )}
        </div>
      </Form.Item>
    </PlaceOrderForm>
  );
}
