import { Menu } from 'antd';
import type { ItemType } from 'antd/es/menu/interface';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';

/** A page in the console's menu, and who may open it (every staff role when unsaid). */
interface Entry {
  path: string;
  label: string;
  roles?: readonly string[];
}

const DISPATCHING = ['dispatcher', 'admin'] as const;

/**
 * The console's sections by the work they serve, each page once. A new screen adds its entry
 * here; a person sees only the entries (and groups) of their role.
 */
const SECTIONS: { key: string; label: string; entries: Entry[] }[] = [
  {
    key: 'orders',
    label: 'nav.groups.orders',
    entries: [
      { path: '/inbox', label: 'nav.inbox' },
      { path: '/dashboard', label: 'nav.dashboard' },
    ],
  },
  {
    key: 'dispatch',
    label: 'nav.groups.dispatch',
    entries: [
      { path: '/day-board', label: 'dispatch.nav.board', roles: DISPATCHING },
      { path: '/schedule', label: 'schedule.nav', roles: DISPATCHING },
      { path: '/queue', label: 'dispatch.nav.queue', roles: DISPATCHING },
      { path: '/plan', label: 'dispatch.nav.plan', roles: DISPATCHING },
    ],
  },
  {
    key: 'workers',
    label: 'nav.groups.workers',
    entries: [
      { path: '/pipeline', label: 'station.nav.pipeline' },
      { path: '/station-jobs', label: 'station.nav.jobs', roles: ['station_leader'] },
      { path: '/leaderboards', label: 'station.nav.leaderboards' },
    ],
  },
  {
    key: 'admin',
    label: 'admin.nav.group',
    entries: [
      { path: '/admin/catalogue', label: 'admin.nav.catalogue', roles: ['admin'] },
      { path: '/admin/features', label: 'admin.nav.features', roles: ['admin'] },
      { path: '/admin/policy', label: 'admin.nav.policy', roles: ['admin'] },
      { path: '/admin/staff-import', label: 'admin.nav.staffImport', roles: ['admin', 'station_leader'] },
    ],
  },
];

/** The order page belongs to the inbox; every other page to its own entry. */
const selectedPath = (pathname: string) => (pathname.startsWith('/orders/') ? '/inbox' : pathname);

/** The side menu: groups always open, so every page a person may use is one click away. */
export function ConsoleMenu({ role }: { role: string }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const items: ItemType[] = SECTIONS.flatMap((section) => {
    const entries = section.entries.filter((e) => !e.roles || e.roles.includes(role));
    if (entries.length === 0) return [];
    return [
      {
        type: 'group' as const,
        key: section.key,
        label: t(section.label),
        children: entries.map((e) => ({ key: e.path, label: <Link to={e.path}>{t(e.label)}</Link> })),
      },
    ];
  });
  return <Menu theme="dark" mode="inline" selectedKeys={[selectedPath(pathname)]} items={items} />;
}
