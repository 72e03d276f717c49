import { Alert, Button, ConfigProvider, Layout, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { useSession } from '../auth/session-context';
import { useOnline } from '../graph/connection';
import { setLanguage } from '../i18n/i18n';
import { ConsoleMenu } from './console-menu';
import { consoleTheme } from './theme';

/** The console's frame: the sections a staff member may open, language, who is signed in. */
export default function ConsoleShell() {
  const { t, i18n } = useTranslation();
  const { session, signOut } = useSession();
  const online = useOnline();
  const { principal } = session;
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={consoleTheme}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#001529' }}>
          <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
            {t('app.title')}
          </Typography.Text>
          <span style={{ flex: 1 }} />
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
        <Layout>
          <Layout.Sider width={184} breakpoint="lg" collapsedWidth={0} aria-label={t('nav.menu')}>
            <nav>
              <ConsoleMenu role={principal.role} />
            </nav>
          </Layout.Sider>
          <Layout>
            {!online && <Alert type="warning" banner message={t('app.offline')} role="status" />}
            <Layout.Content style={{ padding: 24 }}>
              <main>
                <Outlet />
              </main>
            </Layout.Content>
          </Layout>
        </Layout>
      </Layout>
    </ConfigProvider>
  );
}
