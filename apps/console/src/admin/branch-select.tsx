import { Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { BranchesDocument, type Branch } from '../graph/branches';
import { ProblemAlert } from '../ui/problem-alert';

export type BranchSummary = Branch;

/** The branch an admin's setting applies to; the first one until another is picked. */
export function BranchSelect({
  value,
  onChange,
}: {
  value: BranchSummary | undefined;
  onChange: (branch: BranchSummary) => void;
}) {
  const { t, i18n } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: BranchesDocument });
  const branches = data?.branches;
  useEffect(() => {
    if (!value && branches?.[0]) onChange(branches[0]);
  }, [value, branches, onChange]);
  return (
    <>
      <ProblemAlert error={error} />
      <Space>
        <Typography.Text id="branch-label">{t('admin.branch')}</Typography.Text>
        <Select
          aria-labelledby="branch-label"
          style={{ minWidth: 200 }}
          loading={fetching}
          value={value?.id}
          notFoundContent={t('admin.features.noBranches')}
          options={branches?.map((b) => ({ value: b.id, label: `${i18n.language === 'en' ? b.name.en : b.name.zh} (${b.id})` }))}
          onChange={(id: string) => {
            const branch = branches?.find((b) => b.id === id);
            if (branch) onChange(branch);
          }}
        />
      </Space>
    </>
  );
}
