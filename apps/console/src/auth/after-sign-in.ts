import { homeOf, type Session } from './session';

/** Back to the page the person was on (only a page of this app), else their role's start page. */
export const afterSignIn = (session: Session, next: string | null) =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in')
    ? next
    : homeOf(session.principal.role);
