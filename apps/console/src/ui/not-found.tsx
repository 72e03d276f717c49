import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <main style={{ padding: 32, fontFamily: 'system-ui, sans-serif' }}>
      <h1 style={{ fontSize: 20 }}>{t('app.notFound')}</h1>
      <Link to="/">{t('app.home')}</Link>
    </main>
  );
}
