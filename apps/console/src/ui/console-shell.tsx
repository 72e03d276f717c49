import { Alert, Button, ConfigProvider, Layout, Menu, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session-context';
import { useOnline } from '../graph/connection';
import { setLanguage } from '../i18n/i18n';
import { consoleTheme } from './theme';

/** The console's frame: the sections a staff member may open, language, who is signed in. */
export default function ConsoleShell() {
  const { t, i18n } = useTranslation();
  const { session, signOut } = useSession();
  const online = useOnline();
  const { pathname } = useLocation();
  const { principal } = session;
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={consoleTheme}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#001529' }}>
          <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
            {t('app.title')}
          </Typography.Text>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[pathname.startsWith('/orders') || pathname === '/inbox' ? 'inbox' : pathname.slice(1)]}
            items={[
              { key: 'inbox', label: <Link to="/inbox">{t('nav.inbox')}</Link> },
              { key: 'dashboard', label: <Link to="/dashboard">{t('nav.dashboard')}</Link> },
              { key: 'day-board', label: <Link to="/day-board">{t('dispatch.nav.board')}</Link> },
              { key: 'queue', label: <Link to="/queue">{t('dispatch.nav.queue')}</Link> },
              { key: 'plan', label: <Link to="/plan">{t('dispatch.nav.plan')}</Link> },
            ]}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Space style={{ color: '#fff' }}>
            <span>
              {principal.name ?? principal.sub} · {t(`roles.${principal.role}`)}
              {principal.branch ? ` · ${principal.branch}` : ''}
            </span>
            <Button size="small" onClick={() => setLanguage(i18n.language === 'en' ? 'zh' : 'en')}>
              {t('app.language')}
            </Button>
            <Button size="small" onClick={signOut}>
              {t('app.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        {!online && <Alert type="warning" banner message={t('app.offline')} role="status" />}
        <Layout.Content style={{ padding: 24 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </ConfigProvider>
  );
}
