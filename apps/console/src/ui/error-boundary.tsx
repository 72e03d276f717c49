import { Component, type ReactNode } from 'react';
import { i18next } from '../i18n/i18n';

/** No blank screen on any error: what failed, and a way on. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main role="alert" style={{ padding: 32, fontFamily: 'system-ui, sans-serif' }}>
        <h1 style={{ fontSize: 20 }}>{i18next.t('app.error', { message: error.message })}</h1>
        <button type="button" onClick={() => location.reload()}>
          {i18next.t('app.reload')}
        </button>{' '}
        <a href="/">{i18next.t('app.home')}</a>
      </main>
    );
  }
}
