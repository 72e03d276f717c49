import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/session-context';

/**
 * The admin's screens say plainly who they are for. The services still decide every read and
 * change (a refusal from them is shown on the page); this only spares others a page of refusals.
 */
export function AdminOnly({ children, roles = ['admin'] }: { children: ReactNode; roles?: string[] }) {
  const { t } = useTranslation();
  const { principal } = useSession().session;
  if (roles.includes(principal.role)) return <>{children}</>;
  const role = t(`roles.${principal.role}`, { defaultValue: principal.role });
  return (
    <Result
      status="403"
      title={<h1 style={{ fontSize: 22, margin: 0 }}>{t('admin.refused.title')}</h1>}
      subTitle={
        <span role="alert">
          {roles.length === 1
            ? t('admin.refused.adminOnly', { role })
            : t('admin.refused.rolesOnly', { roles: roles.map((r) => t(`roles.${r}`)).join(t('admin.refused.or')), role })}
        </span>
      }
      extra={
        <Link to="/">
          <Button type="primary">{t('admin.refused.home')}</Button>
        </Link>
      }
    />
  );
}
