import { Alert, Form, Input, Modal, Select, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { AssignDocument } from '../dispatcher/order-page';
import { RescheduleDocument } from '../dispatcher/change-order';
import { problemsOf, type Problem } from '../graph/problems';
import { timeWindow } from '../i18n/format';
import { clock, minuteOfDay, movedWindow, startChoices } from './axis';
import { workerName, type Moving, type Row, type Target } from './board-types';

/** A job rescheduled along its worker's row: the server keeps the worker on it, or lets them go. */
export type Rescheduled = {
  orderId: string;
  workerId: string | null;
  worker: string;
  label: string;
  window: { start: string; end: string };
};

interface Values {
  workerId: string;
  startMinute: number;
  reason: string;
}

const TIME_FIELDS = ['appointment', 'start', 'end'];

/**
 * Moving a job (or assigning an open order): to a worker, to a start, always with a reason. A new
 * worker is `assignWorker`, a new time `rescheduleOrder` (same length, on the quarter hour): the
 * server keeps the job's worker if they can take the new time, or lets them go (the board then says
 * so). The guard's refusal is shown in words by the field it is about, and the board is left as it was.
 */
export function MoveDialog({
  moving,
  target,
  rows,
  day,
  onClose,
  onDone,
}: {
  moving: Moving;
  target: Target;
  rows: Row[];
  day: string;
  onClose: () => void;
  /** The board is to be read again; `kept` names a job rescheduled for its own worker, to watch whether they keep it. */
  onDone: (kept?: Rescheduled) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [, assign] = useMutation(AssignDocument);
  const [, reschedule] = useMutation(RescheduleDocument);
  const [problems, setProblems] = useState<Problem[]>([]);
  /** The start this dialog already rescheduled the order to, when the reassignment after it was refused. */
  const [rescheduledTo, setRescheduledTo] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const original = minuteOfDay(moving.start);
  const length = Math.round((Date.parse(moving.end) - Date.parse(moving.start)) / 60_000);
  const title =
    moving.workerId === null
      ? t('schedule.dialog.assign')
      : target.workerId !== moving.workerId && target.startMinute === original
        ? t('schedule.dialog.reassign')
        : target.workerId === moving.workerId && target.startMinute !== original
          ? t('schedule.dialog.reschedule')
          : t('schedule.dialog.move');

  const workerProblem = problems.find((p) => p.field === 'workerId');
  const timeProblem = problems.find((p) => p.field !== null && TIME_FIELDS.includes(p.field));
  const reasonProblem = problems.find((p) => p.field === 'reason');
  const other = problems.filter((p) => p !== workerProblem && p !== timeProblem && p !== reasonProblem);
  const shown = (p: Problem | undefined) => (p ? { validateStatus: 'error' as const, help: p.reason } : {});

  const submit = async () => {
    // A missing field is said beside it by the form; nothing more to do.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const newWorker = values.workerId !== moving.workerId;
    const newTime = values.startMinute !== (rescheduledTo ?? original);
    if (!newWorker && !newTime) {
      setProblems([{ field: null, reason: t('schedule.dialog.unchanged'), code: null }]);
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      if (newTime) {
        // Dispatch keeps the worker on a rescheduled job if they can take the new time, in one step
        // on the server; if they cannot, it lets them go and the board shows the job as open.
        const moved = movedWindow(moving.start, moving.end, day, values.startMinute);
        const result = await reschedule({
          orderId: moving.orderId,
          appointment: { start: moved.start, end: moved.end },
          reason: values.reason,
        });
        if (result.error) return setProblems(problemsOf(result.error));
        setRescheduledTo(values.startMinute);
        void message.success(t('schedule.dialog.rescheduled', { time: timeWindow(moved.start, moved.end) }));
      }
      if (newWorker) {
        const result = await assign({ orderId: moving.orderId, workerId: values.workerId, reason: values.reason });
        if (result.error) {
          if (newTime) onDone();
          const partly = newTime || rescheduledTo !== null;
          return setProblems([
            ...(partly ? [{ field: null, reason: t('schedule.dialog.rescheduledOnly'), code: null }] : []),
            ...problemsOf(result.error),
          ]);
        }
        const row = rows.find((r) => r.workerId === values.workerId);
        const worker = row ? workerName(row) : values.workerId;
        void message.success(
          t(moving.workerId ? 'schedule.dialog.reassigned' : 'schedule.dialog.assigned', { worker }),
        );
        onDone();
      } else {
        const moved = movedWindow(moving.start, moving.end, day, values.startMinute);
        const row = rows.find((r) => r.workerId === moving.workerId);
        const worker = row ? workerName(row) : (moving.workerId ?? '');
        onDone({ orderId: moving.orderId, workerId: moving.workerId, worker, label: moving.label, window: moved });
      }
      onClose();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={t('schedule.dialog.confirm')}
      cancelText={t('schedule.dialog.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph strong>{moving.label}</Typography.Paragraph>
      <Form
        form={form}
        name="schedule-move"
        layout="vertical"
        initialValues={{ workerId: target.workerId ?? undefined, startMinute: target.startMinute, reason: '' }}
      >
        <Form.Item
          name="workerId"
          label={t('schedule.dialog.worker')}
          rules={[{ required: true, message: t('errors.required') }]}
          {...shown(workerProblem)}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={rows.map((r) => ({ value: r.workerId, label: workerName(r) }))}
          />
        </Form.Item>
        <Form.Item
          name="startMinute"
          label={t('schedule.dialog.start')}
          extra={t('schedule.dialog.length', { minutes: length })}
          {...shown(timeProblem)}
        >
          <Select options={startChoices(length).map((m) => ({ value: m, label: clock(m) }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('schedule.dialog.reason')}
          rules={[{ required: true, whitespace: true, message: t('errors.required') }]}
          {...shown(reasonProblem)}
        >
          <Input placeholder={t('schedule.dialog.reasonPlaceholder')} />
        </Form.Item>
      </Form>
      {other.length > 0 && (
        <Alert type="error" showIcon role="alert" message={other.map((p, i) => <div key={i}>{p.reason}</div>)} />
      )}
    </Modal>
  );
}
