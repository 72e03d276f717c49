import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Provider } from 'urql';
import { graphClient } from '../graph/client';
import { forgetSession, storedSession, storeSession, type Session } from './session';

interface SessionApi {
  session: Session;
  signOut: () => void;
}

const SessionContext = createContext<SessionApi | null>(null);

export const useSession = (): SessionApi => {
  const api = useContext(SessionContext);
  if (!api) throw new Error('useSession outside a signed-in page');
  return api;
};

/** Where a person goes to sign in, remembering the page (path and query) they were on. */
export const signInPath = (from: string, expired = false) =>
  `/sign-in?next=${encodeURIComponent(from)}${expired ? '&expired=1' : ''}`;

/** Signs the person in from a token (the development sign-in now, single sign-on later). */
export const signIn = (token: string) => storeSession(token);

/**
 * The signed-in part of the app: without a valid session it goes to sign-in; when the token expires
 * (its time, or the graph refusing it) it goes there too, and sign-in brings the person back.
 */
export function SignedIn({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef('');
  here.current = `${location.pathname}${location.search}`;
  const [session] = useState(storedSession);
  const expire = useCallback(() => {
    forgetSession();
    navigate(signInPath(here.current, true), { replace: true });
  }, [navigate]);

  const graph = useMemo(() => (session ? graphClient(session.token, expire) : null), [session, expire]);
  useEffect(() => () => graph?.close(), [graph]);
  useEffect(() => {
    if (!session) {
      navigate(signInPath(here.current), { replace: true });
      return;
    }
    const timer = setTimeout(expire, Math.min(2 ** 31 - 1, Math.max(0, session.expiresAt - Date.now())));
    return () => clearTimeout(timer);
  }, [session, expire, navigate]);

  const api = useMemo(
    () =>
      session && {
        session,
        signOut: () => {
          forgetSession();
          navigate('/sign-in', { replace: true });
        },
      },
    [session, navigate],
  );
  if (!api || !graph) return null;
  return (
    <SessionContext.Provider value={api}>
      <Provider value={graph.client}>{children}</Provider>
    </SessionContext.Provider>
  );
}
