import { Alert, Button, ConfigProvider, Result, Spin } from 'antd';
import { consoleTheme } from '../ui/theme';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { afterSignIn } from './after-sign-in';
import { signIn } from './session-context';
import { finishSingleSignOn, signInOptions } from './single-sign-on';

/** Where the company's single sign-on sends the person back: the code becomes the session. */
export default function SignInCallbackPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query] = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // The code is good once: StrictMode's second effect must not spend it again.
    if (started.current) return;
    started.current = true;
    signInOptions()
      .then((options) => {
        if (!options.singleSignOn) throw new Error(t('signIn.noSingleSignOn'));
        return finishSingleSignOn(options.singleSignOn, query);
      })
      .then(({ token, next }) => navigate(afterSignIn(signIn(token), next), { replace: true }))
      .catch((error: Error) => setFailure(error.message));
  }, [navigate, query, t]);

  if (!failure)
    return (
      <main style={{ padding: 48, textAlign: 'center' }}>
        <Spin /> <span role="status">{t('signIn.finishing')}</span>
      </main>
    );
  return (
    <ConfigProvider theme={consoleTheme}>
    <main style={{ maxWidth: 720, margin: '40px auto', padding: 16 }}>
      <Result
        status="warning"
        title={t('signIn.ssoFailedTitle')}
        extra={
          <Link to="/sign-in">
            <Button type="primary">{t('signIn.again')}</Button>
          </Link>
        }
      >
        <Alert type="error" showIcon role="alert" message={t('signIn.failed', { reason: failure })} />
      </Result>
    </main>
    </ConfigProvider>
  );
}
