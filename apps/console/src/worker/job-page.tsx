import { Button, Card, Checkbox, Form, Input, List, Space, Steps, Tag, TextArea } from 'antd-mobile';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { useSession } from '../auth/session-context';
import { graphql } from '../gql';
import { PhoneLoadError } from '../ui/phone-list';
import { uploadFile } from '../graph/files';
import { problemsOf } from '../graph/problems';
import { PhonePhotoInput } from '../ui/phone-photo-input';
import { showOnFields } from '../ui/phone-form';
import type { JobPageQuery } from '../gql/graphql';
import { dateTime, timeWindow } from '../i18n/format';
import { clearSignature, SignaturePad, signaturePng } from './signature-pad';

const JobDocument = graphql(`
  query JobPage($id: ID!) {
    order(id: $id) {
      id
      status
      branchId
      item {
        nameZh
        nameEn
      }
      customer {
        name
        phone
      }
      address {
        district
        street
      }
      appointment {
        start
        end
      }
      job {
        checkedInAt
        completedAt
        done
        total
        checklist {
          key
          area
          criterion
          done
        }
        photos {
          fileId
          kind
        }
        signature {
          signerName
          at
        }
        spareParts {
          requestId
          partCode
          quantity
          reason
          at
        }
      }
    }
  }
`);

const SparePartDocument = graphql(`
  mutation RequestSparePart($orderId: ID!, $partCode: String!, $quantity: Int!, $reason: String!) {
    requestSparePart(orderId: $orderId, partCode: $partCode, quantity: $quantity, reason: $reason) {
      id
      job {
        spareParts {
          requestId
          partCode
          quantity
          reason
          at
        }
      }
    }
  }
`);

const CheckInDocument = graphql(`
  mutation CheckIn($orderId: ID!, $position: GeoPointInput!) {
    checkIn(orderId: $orderId, position: $position) {
      id
      status
      job {
        checkedInAt
      }
    }
  }
`);

const ChecklistDocument = graphql(`
  mutation RecordChecklistItem($orderId: ID!, $key: String!, $done: Boolean!) {
    recordChecklistItem(orderId: $orderId, key: $key, done: $done) {
      id
      job {
        done
        total
        checklist {
          key
          done
        }
      }
    }
  }
`);

const PhotoDocument = graphql(`
  mutation AddJobPhoto($orderId: ID!, $fileId: String!, $kind: PhotoKind!) {
    addJobPhoto(orderId: $orderId, fileId: $fileId, kind: $kind) {
      id
      job {
        photos {
          fileId
          kind
        }
      }
    }
  }
`);

const SignatureDocument = graphql(`
  mutation CollectSignature($orderId: ID!, $signatureFileId: String!, $signerName: String!) {
    collectSignature(orderId: $orderId, signatureFileId: $signatureFileId, signerName: $signerName) {
      id
      job {
        signature {
          signerName
          at
        }
      }
    }
  }
`);

const CompleteDocument = graphql(`
  mutation CompleteJob($orderId: ID!) {
    completeJob(orderId: $orderId) {
      id
      status
      job {
        completedAt
      }
    }
  }
`);

/** Where the phone is: the browser's geolocation, or why it cannot say. */
const here = () =>
  new Promise<{ lat: number; lng: number }>((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      (e) => reject(new Error(e.message)),
      { enableHighAccuracy: true, timeout: 15_000 },
    ),
  );

/**
 * One job on the worker's phone, in the order it is done: check in where the customer is, the
 * item's checklist, photos, the customer's signature, then completion. Each refusal is shown where
 * it happened, in the service's words (the distance, what is missing).
 */
export default function JobPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const [{ data, error }, refetch] = useQuery({ query: JobDocument, variables: { id } });
  const [, checkIn] = useMutation(CheckInDocument);
  const [, record] = useMutation(ChecklistDocument);
  const [, addPhoto] = useMutation(PhotoDocument);
  const [, sign] = useMutation(SignatureDocument);
  const [, complete] = useMutation(CompleteDocument);
  const [problem, setProblem] = useState<{ step: string; lines: string[]; detail?: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [signer, setSigner] = useState('');
  const [signed, setSigned] = useState(false);
  const pad = useRef<HTMLDivElement>(null);
  const onSigned = useCallback((value: boolean) => setSigned(value), []);

  const run = async (step: string, work: () => Promise<{ error?: CombinedError } | { error: string } | void>) => {
    setBusy(step);
    setProblem(null);
    try {
      const result = await work();
      const error = result && 'error' in result ? result.error : undefined;
      const said = typeof error === 'string' ? { lines: [error] } : explain(error as CombinedError | undefined, data?.order?.job.checklist ?? [], t);
      if (said.lines.length > 0) setProblem({ step, ...said });
      else refetch({ requestPolicy: 'network-only' });
    } catch (e) {
      setProblem({ step, lines: [(e as Error).message] });
    } finally {
      setBusy(null);
    }
  };
  const refusal = (step: string) =>
    problem?.step === step ? (
      <div role="alert" style={{ color: '#b00020', margin: '8px 0 0' }}>
        {problem.lines.map((line, i) => (
          <p key={i} style={{ margin: '2px 0' }}>
            {line}
          </p>
        ))}
        {problem.detail && <p style={{ margin: '4px 0 0', color: '#595959', fontSize: 12 }}>{t('workerJobs.serviceSaid', { message: problem.detail })}</p>}
      </div>
    ) : null;

  const order = data?.order;
  if (error && !order) return <PhoneLoadError error={error} />;
  if (!order) return null;
  const { job } = order;
  const finished = order.status === 'completed' || order.status === 'closed';
  const current = finished ? 4 : job.signature ? 3 : job.checkedInAt ? 1 : 0;

  return (
    <Space direction="vertical" block>
      <Card title={<h2 style={{ fontSize: 17, margin: 0 }}>{i18n.language === 'en' ? order.item.nameEn : order.item.nameZh}</h2>} extra={<Tag>{t(`status.${order.status}`)}</Tag>}>
        <p style={{ margin: 0 }}>{timeWindow(order.appointment.start, order.appointment.end, order.branchId)}</p>
        <p style={{ margin: '4px 0 0' }}>
          {order.address.district} {order.address.street}
        </p>
        <p style={{ margin: '4px 0 0' }}>
          {order.customer.name} {order.customer.phone}
        </p>
      </Card>
      <Steps current={current} style={{ background: '#fff', borderRadius: 8 }}>
        <Steps.Step title={t('job.checkIn')} />
        <Steps.Step title={t('job.checklist')} />
        <Steps.Step title={t('job.photos')} />
        <Steps.Step title={t('job.signature')} />
        <Steps.Step title={t('job.complete')} />
      </Steps>

      <Card title={t('job.checkIn')}>
        {job.checkedInAt ? (
          <p>{t('job.checkedInAt', { at: dateTime(job.checkedInAt, order.branchId) })}</p>
        ) : (
          <Button
            color="primary"
            block
            loading={busy === 'checkIn'}
            onClick={() => void run('checkIn', async () => checkIn({ orderId: id, position: await here() }))}
          >
            {t('job.checkInHere')}
          </Button>
        )}
        {refusal('checkIn')}
      </Card>

      <Card title={`${t('job.checklist')} ${job.done}/${job.total}`}>
        <List>
          {job.checklist.map((entry) => (
            <List.Item key={entry.key} description={entry.area}>
              <Checkbox
                checked={entry.done}
                disabled={finished || !job.checkedInAt}
                onChange={(done) => void run('checklist', () => record({ orderId: id, key: entry.key, done }))}
              >
                {entry.criterion}
              </Checkbox>
            </List.Item>
          ))}
        </List>
        {refusal('checklist')}
      </Card>

      <Card title={`${t('job.photos')} (${job.photos.length})`}>
        <PhonePhotoInput
          label={t('job.takePhoto')}
          disabled={finished}
          onFile={(file) =>
            void run('photo', async () => {
              const uploaded = await uploadFile(session.token, file, 'photo');
              if ('error' in uploaded) return uploaded;
              return addPhoto({ orderId: id, fileId: uploaded.fileId, kind: 'after' });
            })
          }
        />
        {refusal('photo')}
      </Card>

      <SparePartCard orderId={id} branchId={order.branchId} requests={job.spareParts} open={order.status === 'in_progress'} />

      <Card title={t('job.signature')}>
        {job.signature ? (
          <p>{t('job.signedBy', { name: job.signature.signerName, at: dateTime(job.signature.at, order.branchId) })}</p>
        ) : (
          <div ref={pad}>
            <SignaturePad onChange={onSigned} label={t('job.signHere')} />
            <Input placeholder={t('job.signerName')} aria-label={t('job.signerName')} value={signer} onChange={setSigner} style={{ margin: '8px 0', '--font-size': '15px' }} />
            <Space block justify="between">
              <Button
                onClick={() => {
                  if (pad.current) clearSignature(pad.current);
                  setSigned(false);
                }}
              >
                {t('job.clear')}
              </Button>
              <Button
                color="primary"
                disabled={!signed || !signer.trim() || finished}
                loading={busy === 'signature'}
                onClick={() =>
                  void run('signature', async () => {
                    const png = pad.current && (await signaturePng(pad.current));
                    if (!png) return { error: t('job.signHere') };
                    const uploaded = await uploadFile(session.token, png, 'signature');
                    if ('error' in uploaded) return uploaded;
                    return sign({ orderId: id, signatureFileId: uploaded.fileId, signerName: signer.trim() });
                  })
                }
              >
                {t('job.saveSignature')}
              </Button>
            </Space>
          </div>
        )}
        {refusal('signature')}
      </Card>

      <Card>
        {finished ? (
          <p role="status">{t('job.completedAt', { at: dateTime(job.completedAt ?? order.appointment.end, order.branchId) })}</p>
        ) : (
          <Button color="success" block loading={busy === 'complete'} onClick={() => void run('complete', () => complete({ orderId: id }))}>
            {t('job.complete')}
          </Button>
        )}
        {refusal('complete')}
      </Card>
    </Space>
  );
}

type Checklist = NonNullable<JobPageQuery['order']>['job']['checklist'];
type Translate = ReturnType<typeof useTranslation>['t'];

/**
 * A refusal in the worker's words: each missing thing of a completion on its own line, with the
 * service's own message beneath for support; any other refusal as the shared refusal layer reads it
 * (a check-in's distance among them).
 */
function explain(error: CombinedError | undefined, checklist: Checklist, t: Translate): { lines: string[]; detail?: string } {
  if (!error) return { lines: [] };
  for (const e of error.graphQLErrors) {
    const x = e.extensions as { domainCode?: string; code?: string; missing?: string[] };
    const code = x.domainCode ?? x.code;
    if (code === 'JOB_NOT_FINISHED' && x.missing?.length)
      return { lines: [t('workerJobs.notFinished'), ...x.missing.map((m) => missingLine(m, checklist, t))], detail: e.message };
  }
  return { lines: problemsOf(error).map((p) => p.reason) };
}

/** One thing completion still needs, as the service names it (`checklist item 1.2`, a photo, the signature). */
function missingLine(missing: string, checklist: Checklist, t: Translate): string {
  const key = /^checklist item (.+)$/.exec(missing)?.[1];
  if (key) {
    const entry = checklist.find((c) => c.key === key);
    return `· ${t('workerJobs.missingChecklist', { item: entry ? `${entry.area} · ${entry.criterion}` : key })}`;
  }
  if (/photo/.test(missing)) return `· ${t('workerJobs.missingPhoto')}`;
  if (/signature/.test(missing)) return `· ${t('workerJobs.missingSignature')}`;
  return `· ${missing}`;
}

/** The job's spare-part requests and, while the job is in progress, a new one; refusals under their fields. */
function SparePartCard({
  orderId,
  branchId,
  requests,
  open,
}: {
  orderId: string;
  branchId: string;
  requests: { requestId: string; partCode: string; quantity: number; reason: string; at: string }[];
  open: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [, request] = useMutation(SparePartDocument);
  const [busy, setBusy] = useState(false);
  const [other, setOther] = useState<string | null>(null);
  const submit = async (values: { partCode: string; quantity: string; reason: string }) => {
    setBusy(true);
    setOther(null);
    const result = await request({
      orderId,
      partCode: values.partCode.trim().toUpperCase(),
      quantity: Number.parseInt(values.quantity, 10),
      reason: values.reason.trim(),
    });
    setBusy(false);
    if (!result.error) {
      form.resetFields();
      return;
    }
    const rest = showOnFields(form, problemsOf(result.error), { partCode: 'partCode', quantity: 'quantity', reason: 'reason' });
    setOther(rest.map((p) => p.reason).join('; ') || null);
  };
  return (
    <Card title={t('workerJobs.spareParts')}>
      <List header={t('workerJobs.requested')}>
        {requests.length === 0 && <List.Item>{t('workerJobs.noneRequested')}</List.Item>}
        {requests.map((r) => (
          <List.Item key={r.requestId}>{t('workerJobs.requestedLine', { partCode: r.partCode, quantity: r.quantity, reason: r.reason, at: dateTime(r.at, branchId) })}</List.Item>
        ))}
      </List>
      {open && (
        <Form
          form={form}
          name="spare-part"
          layout="vertical"
          onFinish={(values) => void submit(values as { partCode: string; quantity: string; reason: string })}
          footer={
            <Button block type="submit" color="primary" loading={busy}>
              {t('workerJobs.request')}
            </Button>
          }
        >
          <Form.Item name="partCode" label={t('workerJobs.partCode')} rules={[{ required: true, message: t('errors.required') }]}>
            <Input placeholder={t('workerJobs.partCodeHint')} autoComplete="off" />
          </Form.Item>
          <Form.Item name="quantity" label={t('workerJobs.quantity')} initialValue="1" rules={[{ required: true, message: t('errors.required') }]}>
            <Input type="number" inputMode="numeric" />
          </Form.Item>
          <Form.Item name="reason" label={t('workerJobs.reason')} rules={[{ required: true, message: t('errors.required') }]}>
            <TextArea rows={2} />
          </Form.Item>
        </Form>
      )}
      {other && (
        <p role="alert" style={{ color: '#b00020', margin: '8px 0 0' }}>
          {other}
        </p>
      )}
    </Card>
  );
}
