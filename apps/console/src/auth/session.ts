/** Who is signed in on this device: the bearer token and what it says (role, branch, expiry). */
export interface Principal {
  sub: string;
  role: string;
  branch?: string;
  station?: string;
  name?: string;
}

export interface Session {
  token: string;
  principal: Principal;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const KEY = 'console.session';

/** The claims of a JWT, read without verifying: the gateway verifies; the app only needs role and expiry. */
export function sessionOf(token: string): Session {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(decodeURIComponent(escape(json))) as Principal & { exp: number };
  return {
    token,
    principal: { sub: claims.sub, role: claims.role, branch: claims.branch, station: claims.station, name: claims.name },
    expiresAt: claims.exp * 1000,
  };
}

export function storedSession(now = Date.now()): Session | null {
  const token = localStorage.getItem(KEY);
  if (!token) return null;
  try {
    const session = sessionOf(token);
    return session.expiresAt > now ? session : null;
  } catch {
    return null;
  }
}

export function storeSession(token: string): Session {
  const session = sessionOf(token);
  localStorage.setItem(KEY, token);
  return session;
}

export function forgetSession() {
  localStorage.removeItem(KEY);
}

/** Where each role starts. */
export function homeOf(role: string): string {
  if (role === 'worker') return '/m/offers';
  if (role === 'customer') return '/m/orders';
  // The inbox answers a station leader with only their workers' orders; their work is the pipeline.
  if (role === 'station_leader') return '/pipeline';
  return '/inbox';
}

/** The phone-sized views are for workers and customers. */
export const isPhoneRole = (role: string) => role === 'worker' || role === 'customer';
