import { DatePicker, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useSession } from '../auth/session-context';
import { BranchesDocument, type Branch } from '../graph/branches';
import { today } from '../i18n/format';



const LAST_BRANCH = 'dispatch-desk.branch';
const LAST_DAY = 'dispatch-desk.day';

/**
 * The branch and day a desk screen shows, kept in the address (`?branch=…&day=…`): a dispatcher
 * sees their own branch, an admin picks one; the day is the branch's calendar day (Shanghai time).
 */
export function useBranchDay() {
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const own = session.principal.branch;
  // Moving between the desk's screens (the menu's plain links) keeps the branch and day last shown.
  const branchId = own ?? params.get('branch') ?? sessionStorage.getItem(LAST_BRANCH) ?? '';
  const day = params.get('day') ?? sessionStorage.getItem(LAST_DAY) ?? today(branchId || undefined);
  useEffect(() => {
    if (branchId) sessionStorage.setItem(LAST_BRANCH, branchId);
    sessionStorage.setItem(LAST_DAY, day);
  }, [branchId, day]);
  const [{ data }] = useQuery({ query: BranchesDocument });
  const branches = data?.branches ?? [];
  const set = (key: 'branch' | 'day', value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  return {
    branchId,
    day,
    branches,
    branch: branches.find((b) => b.id === branchId),
    /** Whether the person may choose the branch (an admin has none of their own). */
    picksBranch: !own,
    setBranch: (id: string) => set('branch', id),
    setDay: (d: string) => set('day', d),
  };
}

export type BranchDay = ReturnType<typeof useBranchDay>;

/** A desk screen's heading with its branch and day pickers, and what else it puts there. */
export function DeskHeader({
  id,
  title,
  desk,
  withDay = true,
  children,
}: {
  id: string;
  title: ReactNode;
  desk: BranchDay;
  /** The queue is the branch's, not a day's. */
  withDay?: boolean;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const name = (b: Branch) => (i18n.language === 'en' ? b.name.en : b.name.zh);
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
      <Typography.Title level={1} id={id} style={{ fontSize: 22, margin: 0 }}>
        {title}
      </Typography.Title>
      <Space wrap>
        {desk.picksBranch ? (
          <Select
            aria-label={t('dispatch.pick.branch')}
            placeholder={t('dispatch.pick.chooseBranch')}
            value={desk.branchId || undefined}
            onChange={desk.setBranch}
            options={desk.branches.map((b) => ({ value: b.id, label: name(b) }))}
            style={{ width: 180 }}
          />
        ) : (
          <Typography.Text>
            {t('dispatch.pick.branch')}：{desk.branch ? name(desk.branch) : desk.branchId}
          </Typography.Text>
        )}
        {withDay && (
          <DatePicker
            aria-label={t('dispatch.pick.day')}
            value={dayjs(desk.day)}
            allowClear={false}
            onChange={(value) => value && desk.setDay(value.format('YYYY-MM-DD'))}
          />
        )}
        {children}
      </Space>
    </Space>
  );
}

/** A district code as people read it (静安区); a code not listed is shown as it is. */
export function useDistrictName() {
  const { t } = useTranslation();
  return (code: string) => t(`dispatch.districts.${code}`, { defaultValue: code });
}
