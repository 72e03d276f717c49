import { ConfigProvider, NoticeBar, TabBar, unstableSetRender } from 'antd-mobile';
import { createRoot } from 'react-dom/client';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session-context';
import { useOnline } from '../graph/connection';
import { setLanguage } from '../i18n/i18n';

// antd-mobile's dialogs and toasts render themselves with ReactDOM.render, gone in React 19: give
// them React 19's root instead (without it, Dialog.confirm opens nothing).
unstableSetRender((node, container) => {
  const root = createRoot(container);
  root.render(node);
  return async () => root.unmount();
});

/** The phone-sized frame of the worker and customer views. */
export default function PhoneShell() {
  const { t, i18n } = useTranslation();
  const { session, signOut } = useSession();
  const online = useOnline();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs =
    session.principal.role === 'worker'
      ? [
          { key: '/m/offers', title: t('nav.offers') },
          { key: '/m/jobs', title: t('nav.jobs') },
          { key: '/m/me', title: t('station.nav.me') },
        ]
      : [
          { key: '/m/orders', title: t('nav.orders') },
          { key: '/m/book', title: t('booking.tabBook') },
          { key: '/m/report', title: t('booking.tabReport') },
        ];
  const current = tabs.find((tab) => pathname.startsWith(tab.key));
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f5f5f5' }}>
        <header className="phone-header">
          <h1>{current?.title ?? t('app.title')}</h1>
          <span>
            <button type="button" className="link" onClick={() => setLanguage(i18n.language === 'en' ? 'zh' : 'en')}>
              {t('app.language')}
            </button>
            <button type="button" className="link" onClick={signOut}>
              {t('app.signOut')}
            </button>
          </span>
        </header>
        {!online && (<div role="status"><NoticeBar content={t("app.offline")} color="alert" /></div>)}
        <main style={{ flex: 1, padding: 12 }}>
          <Outlet />
        </main>
        {tabs.length > 0 && (
          <nav>
            <TabBar activeKey={current?.key === pathname ? current.key : null} onChange={(key) => navigate(key)}>
              {tabs.map((tab) => (
                <TabBar.Item key={tab.key} title={tab.title} />
              ))}
            </TabBar>
          </nav>
        )}
      </div>
    </ConfigProvider>
  );
}
