import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { problemsOf } from '../graph/problems';

/** A refusal or failure in words: each problem with the field it names. */
export function ProblemAlert({ error }: { error: CombinedError | undefined }) {
  const { t } = useTranslation();
  const problems = problemsOf(error);
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={problems.map((p, i) => (
        <div key={i}>{p.field ? t('errors.field', { field: p.field, reason: p.reason }) : p.reason}</div>
      ))}
    />
  );
}
