import type { Principal } from './session';

export interface DemoPerson extends Principal {
  nameEn: string;
}

export interface SignInProblem {
  field: string;
  reason: string;
}

/** The gateway's development sign-in (DEV_SIGN_IN=true); production uses single sign-on instead. */
export async function demoPeople(): Promise<DemoPerson[]> {
  const response = await fetch('/dev/people');
  if (!response.ok) throw new Error(`GET /dev/people answered ${response.status}`);
  return ((await response.json()) as { people: DemoPerson[] }).people;
}

export async function devToken(
  who: Principal,
): Promise<{ token: string } | { error: string; problems: SignInProblem[] }> {
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  const body = (await response.json()) as { token?: string; error?: string; problems?: SignInProblem[] };
  if (response.ok && body.token) return { token: body.token };
  return { error: body.error ?? `HTTP ${response.status}`, problems: body.problems ?? [] };
}
