import { Button, Card, DatePicker, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { ExamKind, PipelineStep, TrainingCatalogueQuery, WorkerFileFragment } from '../gql/graphql';
import { problemFor, problemsOf, type Problem } from '../graph/problems';

const VerifyDocument = graphql(`
  mutation VerifyCertificate($workerId: ID!, $certificateId: ID!) {
    verifyCertificate(workerId: $workerId, certificateId: $certificateId) {
      id
      waitingFor
    }
  }
`);
const RejectDocument = graphql(`
  mutation RejectCertificate($workerId: ID!, $certificateId: ID!, $reason: String!) {
    rejectCertificate(workerId: $workerId, certificateId: $certificateId, reason: $reason) {
      id
      waitingFor
    }
  }
`);
const ExamDocument = graphql(`
  mutation RecordExam($workerId: ID!, $examCode: String!, $kind: ExamKind!, $score: Float!) {
    recordExam(workerId: $workerId, examCode: $examCode, kind: $kind, score: $score) {
      id
      waitingFor
    }
  }
`);
const AttendanceDocument = graphql(`
  mutation RecordCourseAttendance($workerId: ID!, $courseCode: String!, $sessionId: ID!, $on: String!) {
    recordCourseAttendance(workerId: $workerId, courseCode: $courseCode, sessionId: $sessionId, on: $on) {
      id
      waitingFor
    }
  }
`);
const CompleteCourseDocument = graphql(`
  mutation CompleteCourse($workerId: ID!, $courseCode: String!) {
    completeCourse(workerId: $workerId, courseCode: $courseCode) {
      id
      waitingFor
    }
  }
`);
const BackgroundCheckDocument = graphql(`
  mutation RecordBackgroundCheck($workerId: ID!, $checkId: ID!, $result: BackgroundCheckResult!) {
    recordBackgroundCheck(workerId: $workerId, checkId: $checkId, result: $result) {
      id
      waitingFor
    }
  }
`);
const ReferenceDocument = graphql(`
  mutation RecordReference($workerId: ID!, $input: ReferenceInput!) {
    recordReference(workerId: $workerId, input: $input) {
      id
      waitingFor
    }
  }
`);
const ActivateDocument = graphql(`
  mutation ActivateWorker($workerId: ID!) {
    activateWorker(workerId: $workerId) {
      id
      status
      waitingFor
    }
  }
`);
const SuspendDocument = graphql(`
  mutation SuspendWorker($workerId: ID!, $reason: String!) {
    suspendWorker(workerId: $workerId, reason: $reason) {
      id
      status
      waitingFor
    }
  }
`);
const ReinstateDocument = graphql(`
  mutation ReinstateWorker($workerId: ID!, $reason: String!) {
    reinstateWorker(workerId: $workerId, reason: $reason) {
      id
      status
      waitingFor
    }
  }
`);

/** Who runs the pipeline (workforce's `requireManager`); branch staff look on. */
export const mayRunPipeline = (role: string) => role === 'admin' || role === 'station_leader';

export type Catalogue = TrainingCatalogueQuery['trainingCatalogue'];

/** What a person does next for a worker: one per step they wait for, then suspend or reinstate. */
export type Action = 'certificate' | 'exam' | 'training' | 'backgroundCheck' | 'reference' | 'activate' | 'suspend' | 'reinstate';

const actionOfStep: Partial<Record<PipelineStep, Action>> = {
  background_check: 'backgroundCheck',
  background_check_review: 'backgroundCheck',
  certificate_verification: 'certificate',
  reference: 'reference',
  activation: 'activate',
  training: 'training',
  exam: 'exam',
};

/** The actions open for a worker, in the order of their pipeline. */
export function actionsFor(worker: { status: string; waitingFor: readonly PipelineStep[] }): Action[] {
  const actions = worker.waitingFor.flatMap((step) => actionOfStep[step] ?? []);
  if (worker.status === 'active') actions.push('suspend');
  if (worker.status === 'suspended') actions.push('reinstate');
  return [...new Set(actions)];
}

export const actionLabel: Record<Action, string> = {
  certificate: 'station.actions.verify',
  exam: 'station.actions.exam',
  training: 'station.actions.training',
  backgroundCheck: 'station.actions.backgroundCheck',
  reference: 'station.actions.reference',
  activate: 'station.actions.activate',
  suspend: 'station.actions.suspend',
  reinstate: 'station.actions.reinstate',
};

/** A mutation's answer: refusals by field for the form, a toast and the board's refresh on success. */
function useAnswer(onDone: () => void) {
  const { t } = useTranslation();
  const [problems, setProblems] = useState<Problem[]>([]);
  const answered = (error: CombinedError | undefined, reset?: () => void) => {
    setProblems(problemsOf(error));
    if (error) return;
    void message.success(t('station.pipeline.done'));
    reset?.();
    onDone();
  };
  /** A form item's props for the refusal of `field`, if any. */
  const on = (...fields: string[]) => {
    const problem = fields.map((f) => problemFor(problems, f)).find(Boolean);
    return problem ? { validateStatus: 'error' as const, help: problem.reason } : {};
  };
  return { problems, answered, on, clear: () => setProblems([]) };
}

/** Refusals naming no field of the form, said under it. */
function OtherProblems({ problems, fields }: { problems: Problem[]; fields: string[] }) {
  const { t } = useTranslation();
  const other = problems.filter((p) => !p.field || !fields.includes(p.field));
  if (other.length === 0) return null;
  return (
    <Typography.Paragraph type="danger" role="alert">
      {other.map((p) => (p.field ? t('errors.field', { field: p.field, reason: p.reason }) : p.reason)).join('; ')}
    </Typography.Paragraph>
  );
}

function ActionCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      {children}
    </Card>
  );
}

interface Props {
  worker: WorkerFileFragment;
  catalogue: Catalogue | undefined;
  onDone: () => void;
}

function CertificateAction({ worker, onDone }: Props) {
  const { t } = useTranslation();
  const [, verify] = useMutation(VerifyDocument);
  const [, reject] = useMutation(RejectDocument);
  const [form] = Form.useForm<{ certificateId: string; reason: string }>();
  const { problems, answered, on } = useAnswer(onDone);
  const submitted = worker.certificates.filter((c) => c.status === 'submitted');
  if (submitted.length === 0) return <Typography.Text type="secondary">{t('station.actions.noSubmitted')}</Typography.Text>;
  const fields = ['certificateId', 'reason'];
  return (
    <Form form={form} name={`certificate-${worker.id}`} layout="vertical" initialValues={{ certificateId: submitted[0]!.id }}>
      <Form.Item name="certificateId" label={t('station.actions.certificate')} {...on('certificateId')}>
        <Radio.Group>
          <Space direction="vertical">
            {submitted.map((c) => (
              <Radio key={c.id} value={c.id}>
                {t(`station.certificateTypes.${c.type}`)} {c.number} · {c.issuer} · {t('station.detail.validTo', { date: c.validTo })}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('station.actions.rejectReason')}
        rules={[{ required: true, whitespace: true, message: t('errors.required') }]}
        {...on('reason')}
      >
        <Input />
      </Form.Item>
      <OtherProblems problems={problems} fields={fields} />
      <Space>
        <Button
          type="primary"
          onClick={async () => {
            const { certificateId } = form.getFieldsValue();
            answered((await verify({ workerId: worker.id, certificateId })).error, () => form.resetFields());
          }}
        >
          {t('station.actions.verify')}
        </Button>
        <Button
          danger
          onClick={async () => {
            const values = await form.validateFields().catch(() => null);
            if (!values) return;
            const result = await reject({ workerId: worker.id, certificateId: values.certificateId, reason: values.reason.trim() });
            answered(result.error, () => form.resetFields());
          }}
        >
          {t('station.actions.reject')}
        </Button>
      </Space>
    </Form>
  );
}

function ExamAction({ worker, catalogue, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const [, record] = useMutation(ExamDocument);
  const [form] = Form.useForm<{ examCode: string; kind: ExamKind; score: number }>();
  const { problems, answered, on } = useAnswer(onDone);
  // The exams of the items only an exam stands between the worker and.
  const examOnly = worker.ineligibleItems.filter((i) => i.reasons.every((r) => r === 'exam_missing' || r === 'exam_failed'));
  const missing = examOnly.flatMap((i) => catalogue?.items.find((item) => item.itemCode === i.itemCode)?.exams ?? []);
  const exams = catalogue?.exams ?? [];
  const first = exams.find((e) => missing.includes(e.code)) ?? exams[0];
  const taken = first && worker.exams.find((e) => e.examCode === first.code);
  return (
    <Form
      form={form}
      name={`exam-${worker.id}`}
      layout="inline"
      initialValues={{ examCode: first?.code, kind: taken?.theory === 'passed' ? 'practical' : 'theory' }}
      onFinish={async (values) => answered((await record({ workerId: worker.id, ...values })).error, () => form.resetFields(['score']))}
    >
      <Form.Item name="examCode" label={t('station.actions.examCode')} rules={[{ required: true, message: t('errors.required') }]} {...on('examCode')}>
        <Select
          style={{ width: 180 }}
          options={exams.map((e) => ({ value: e.code, label: i18n.language === 'en' ? e.name.en : e.name.zh }))}
        />
      </Form.Item>
      <Form.Item name="kind" label={t('station.actions.kind')} {...on('kind')}>
        <Radio.Group
          options={(['theory', 'practical'] as const).map((k) => ({ value: k, label: t(`station.examKind.${k}`) }))}
        />
      </Form.Item>
      <Form.Item name="score" label={t('station.actions.score')} rules={[{ required: true, message: t('errors.required') }]} {...on('score')}>
        <InputNumber min={0} max={100} style={{ width: 90 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('station.actions.submit')}
      </Button>
      <div style={{ width: '100%' }}>
        <OtherProblems problems={problems} fields={['examCode', 'kind', 'score']} />
      </div>
    </Form>
  );
}

function TrainingAction({ worker, catalogue, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const [, attend] = useMutation(AttendanceDocument);
  const [, complete] = useMutation(CompleteCourseDocument);
  const [form] = Form.useForm<{ courseCode: string; sessionId: string; on: Dayjs }>();
  const { problems, answered, on } = useAnswer(onDone);
  const open = (catalogue?.courses ?? []).filter((c) => !worker.coursesCompleted.includes(c.code));
  return (
    <Form form={form} name={`training-${worker.id}`} layout="vertical" initialValues={{ courseCode: open[0]?.code, on: dayjs() }}>
      <Form.Item name="courseCode" label={t('station.actions.course')} rules={[{ required: true, message: t('errors.required') }]} {...on('courseCode')}>
        <Select options={open.map((c) => ({ value: c.code, label: `${i18n.language === 'en' ? c.name.en : c.name.zh} (${c.code})` }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="sessionId" label={t('station.actions.session')} rules={[{ required: true, message: t('errors.required') }]} {...on('sessionId')}>
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="on" label={t('station.actions.on')} rules={[{ required: true, message: t('errors.required') }]} {...on('on')}>
          <DatePicker allowClear={false} />
        </Form.Item>
      </Space>
      <OtherProblems problems={problems} fields={['courseCode', 'sessionId', 'on']} />
      <Space>
        <Button
          onClick={async () => {
            const values = await form.validateFields().catch(() => null);
            if (!values) return;
            const result = await attend({
              workerId: worker.id,
              courseCode: values.courseCode,
              sessionId: values.sessionId.trim(),
              on: values.on.format('YYYY-MM-DD'),
            });
            answered(result.error);
          }}
        >
          {t('station.actions.attendance')}
        </Button>
        <Button
          type="primary"
          onClick={async () => {
            const values = await form.validateFields(['courseCode']).catch(() => null);
            if (!values) return;
            answered((await complete({ workerId: worker.id, courseCode: values.courseCode })).error, () => form.resetFields());
          }}
        >
          {t('station.actions.complete')}
        </Button>
      </Space>
    </Form>
  );
}

function BackgroundCheckAction({ worker, onDone }: Props) {
  const { t } = useTranslation();
  const [, record] = useMutation(BackgroundCheckDocument);
  const { problems, answered, on } = useAnswer(onDone);
  return (
    <Form
      name={`check-${worker.id}`}
      layout="inline"
      onFinish={async (values: { result: 'clear' | 'consider' | 'failed' }) =>
        answered((await record({ workerId: worker.id, checkId: `manual-${crypto.randomUUID()}`, result: values.result })).error)
      }
    >
      <Form.Item name="result" label={t('station.actions.result')} rules={[{ required: true, message: t('errors.required') }]} {...on('result')}>
        <Radio.Group
          options={(['clear', 'consider', 'failed'] as const).map((r) => ({ value: r, label: t(`station.backgroundCheck.${r}`) }))}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('station.actions.submit')}
      </Button>
      <div style={{ width: '100%' }}>
        <OtherProblems problems={problems} fields={['result']} />
      </div>
    </Form>
  );
}

function ReferenceAction({ worker, onDone }: Props) {
  const { t } = useTranslation();
  const [, record] = useMutation(ReferenceDocument);
  const [form] = Form.useForm<{ employer: string; outcome: 'positive' | 'negative' }>();
  const { problems, answered, on } = useAnswer(onDone);
  return (
    <Form
      form={form}
      name={`reference-${worker.id}`}
      layout="inline"
      initialValues={{ outcome: 'positive' }}
      onFinish={async (values) =>
        answered((await record({ workerId: worker.id, input: { employer: values.employer.trim(), outcome: values.outcome } })).error, () =>
          form.resetFields(),
        )
      }
    >
      <Form.Item name="employer" label={t('station.actions.employer')} rules={[{ required: true, whitespace: true, message: t('errors.required') }]} {...on('employer')}>
        <Input style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="outcome" label={t('station.actions.outcome')} {...on('outcome')}>
        <Radio.Group
          options={[
            { value: 'positive', label: t('station.actions.positive') },
            { value: 'negative', label: t('station.actions.negative') },
          ]}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('station.actions.submit')}
      </Button>
      <div style={{ width: '100%' }}>
        <OtherProblems problems={problems} fields={['employer', 'outcome']} />
      </div>
    </Form>
  );
}

function ActivateAction({ worker, onDone }: Props) {
  const { t } = useTranslation();
  const [, activate] = useMutation(ActivateDocument);
  const { problems, answered } = useAnswer(onDone);
  return (
    <>
      <Popconfirm
        title={t('station.actions.activateConfirm')}
        okText={t('station.actions.activate')}
        onConfirm={async () => answered((await activate({ workerId: worker.id })).error)}
      >
        <Button type="primary">{t('station.actions.activate')}</Button>
      </Popconfirm>
      <OtherProblems problems={problems} fields={[]} />
    </>
  );
}

/** Suspend (an active worker) or reinstate (a suspended one), always with a reason. */
function ReasonAction({ worker, onDone, kind }: Props & { kind: 'suspend' | 'reinstate' }) {
  const { t } = useTranslation();
  const [, suspend] = useMutation(SuspendDocument);
  const [, reinstate] = useMutation(ReinstateDocument);
  const [form] = Form.useForm<{ reason: string }>();
  const { problems, answered, on } = useAnswer(onDone);
  return (
    <Form
      form={form}
      name={`${kind}-${worker.id}`}
      layout="inline"
      onFinish={async ({ reason }) => {
        const run = kind === 'suspend' ? suspend : reinstate;
        answered((await run({ workerId: worker.id, reason: reason.trim() })).error, () => form.resetFields());
      }}
    >
      <Form.Item
        name="reason"
        label={t(`station.actions.${kind}Reason`)}
        rules={[{ required: true, whitespace: true, message: t('errors.required') }]}
        {...on('reason')}
      >
        <Input style={{ width: 260 }} />
      </Form.Item>
      <Button danger={kind === 'suspend'} type={kind === 'reinstate' ? 'primary' : 'default'} htmlType="submit">
        {t(`station.actions.${kind}`)}
      </Button>
      <div style={{ width: '100%' }}>
        <OtherProblems problems={problems} fields={['reason']} />
      </div>
    </Form>
  );
}

/** Every action open for the worker, each a small form whose refusals sit by their fields. */
export function WorkerActions(props: Props) {
  const { t } = useTranslation();
  const actions = actionsFor(props.worker);
  const forms: Record<Action, () => ReactNode> = {
    certificate: () => <CertificateAction {...props} />,
    exam: () => <ExamAction {...props} />,
    training: () => <TrainingAction {...props} />,
    backgroundCheck: () => <BackgroundCheckAction {...props} />,
    reference: () => <ReferenceAction {...props} />,
    activate: () => <ActivateAction {...props} />,
    suspend: () => <ReasonAction {...props} kind="suspend" />,
    reinstate: () => <ReasonAction {...props} kind="reinstate" />,
  };
  return (
    <>
      {actions.map((action) => (
        <ActionCard key={action} title={t(actionLabel[action])}>
          {forms[action]()}
        </ActionCard>
      ))}
    </>
  );
}
