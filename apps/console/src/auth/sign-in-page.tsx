import { Alert, Button, Card, ConfigProvider, Form, Input, List, Select, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { setLanguage } from '../i18n/i18n';
import { consoleTheme } from '../ui/theme';
import { afterSignIn } from './after-sign-in';
import { demoPeople, devToken, type DemoPerson, type SignInProblem } from './dev-sign-in';
import { type Principal } from './session';
import { signIn } from './session-context';
import { goToSingleSignOn, signInOptions, type SignInOptions } from './single-sign-on';

const ROLES = ['dispatcher', 'station_leader', 'admin', 'cs_agent', 'worker', 'customer'] as const;

/**
 * Sign-in: through the company's single sign-on where it is set up, and in development by picking
 * a demo person or naming a role and id.
 */
export default function SignInPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const [people, setPeople] = useState<DemoPerson[]>([]);
  const [failure, setFailure] = useState<{ error: string; problems: SignInProblem[] } | null>(null);
  const [form] = Form.useForm<Principal>();
  const fail = (error: Error) => setFailure({ error: error.message, problems: [] });

  useEffect(() => {
    signInOptions()
      .then(async (answer) => {
        setOptions(answer);
        if (answer.devSignIn) setPeople(await demoPeople());
      })
      .catch(fail);
  }, []);

  const go = async (who: Principal) => {
    setFailure(null);
    const { role, sub, branch, station, name } = who;
    const answer = await devToken({ role, sub, branch, station, name }).catch((error: Error) => ({ error: error.message, problems: [] }));
    if ('error' in answer) return setFailure(answer);
    navigate(afterSignIn(signIn(answer.token), params.get('next')), { replace: true });
  };
  const sso = options?.singleSignOn;
  const problem = (field: string) => failure?.problems.find((p) => p.field === field)?.reason;

  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={consoleTheme}>
      <main style={{ maxWidth: 720, margin: '40px auto', padding: 16 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={1} style={{ fontSize: 24 }}>
            {t('app.title')} · {t('signIn.title')}
          </Typography.Title>
          <Button onClick={() => setLanguage(i18n.language === 'en' ? 'zh' : 'en')}>{t('app.language')}</Button>
        </Space>
        {params.get('expired') && <Alert type="warning" showIcon message={t('signIn.expired')} style={{ marginBottom: 16 }} />}
        {failure && (
          <Alert type="error" showIcon role="alert" message={t('signIn.failed', { reason: failure.error })}
            description={failure.problems.map((p) => t('errors.field', { field: p.field, reason: p.reason })).join('; ') || undefined} style={{ marginBottom: 16 }} />
        )}
        {sso && (
          <Card title={t('signIn.ssoTitle')} size="small" style={{ marginBottom: 16 }}>
            <Space direction="vertical">
              <span>{t('signIn.ssoHint')}</span>
              <Button type="primary" size="large" onClick={() => void goToSingleSignOn(sso, params.get('next')).catch(fail)}>
                {t('signIn.ssoButton')}
              </Button>
            </Space>
          </Card>
        )}
        {options?.devSignIn && devSignInPanel()}
      </main>
    </ConfigProvider>
  );

  /** Demo people and the any-role form (DEV_SIGN_IN): a part of this page, not a component of its own. */
  function devSignInPanel() {
    return (
      <>
        <Typography.Paragraph>{t('signIn.hint')}</Typography.Paragraph>
        <List
          grid={{ gutter: 12, xs: 1, sm: 2 }}
          dataSource={people}
          renderItem={(person) => (
            <List.Item>
              <Card size="small" title={i18n.language === 'en' ? person.nameEn : person.name}>
                <Space direction="vertical">
                  <span>
                    {t(`roles.${person.role}`)} · {person.sub}
                  </span>
                  <Button type="primary" onClick={() => void go(person)} aria-label={`${t('signIn.as')} ${person.name}`}>
                    {t('signIn.as')}
                  </Button>
                </Space>
              </Card>
            </List.Item>
          )}
        />
        <Card title={t('signIn.custom')} size="small" style={{ marginTop: 16 }}>
          <Form form={form} layout="vertical" onFinish={(values) => void go(Object.fromEntries(Object.entries(values).filter(([, v]) => v)) as Principal)} initialValues={{ role: 'dispatcher' }}>
            <Form.Item name="role" label={t('signIn.role')} rules={[{ required: true, message: t('errors.required') }]}>
              <Select options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
            </Form.Item>
            <Form.Item
              name="sub"
              label={t('signIn.sub')}
              rules={[{ required: true, message: t('errors.required') }]}
              validateStatus={problem('sub') ? 'error' : undefined}
              help={problem('sub')}
            >
              <Input />
            </Form.Item>
            <Form.Item name="branch" label={t('signIn.branch')} validateStatus={problem('branch') ? 'error' : undefined} help={problem('branch')}>
              <Input placeholder="shanghai" />
            </Form.Item>
            <Form.Item name="station" label={t('signIn.station')}>
              <Input placeholder="sh-xuhui" />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('signIn.submit')}
            </Button>
          </Form>
        </Card>
      </>
    );
  }
}
