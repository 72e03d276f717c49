import { loadEnv } from '@platform/eventing';
import { z } from 'zod';

const optionalUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional();

/** The dispatch service's own variables (the platform's are read by EventingModule). */
export const dispatchEnvSchema = z.object({
  DISPATCH_PORT: z.coerce.number().int().min(1).max(65535).default(4003),
  /** Where the staff and worker apps open a job or an offer; cards link here. */
  PUBLIC_APP_URL: z.url().default('http://127.0.0.1:4000'),
  /** Lark/Feishu-style custom bot webhook for offer cards and reminders; unset switches them off. */
  CHATBOT_WEBHOOK_URL: optionalUrl,
  CHATBOT_SECRET: z.string().min(8).optional(),
  /** PostgreSQL schema of the service; tests give each run its own. */
  DISPATCH_STORAGE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _')
    .default('dispatch'),
  /** `api` serves HTTP; `worker` runs the forwarder, consumers and timers. Both by default. */
  DISPATCH_ROLES: z
    .string()
    .regex(/^(api|worker)(,(api|worker))?$/, 'api, worker, or api,worker')
    .default('api,worker')
    .transform((roles) => ({ api: roles.includes('api'), worker: roles.includes('worker') })),
  TIMER_POLL_MS: z.coerce.number().int().min(10).max(10000).default(100),
  /**
   * Wall-time budget of a city-day plan (the search stops earlier when it converges). The plan runs on
   * a thread of its own; the dispatcher waits for it in one request, hence the cap of a minute.
   */
  PLAN_TIME_LIMIT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /**
   * Demo only: the demo workers answer their offers themselves (most accept, some decline, some
   * let them lapse), so `npm start` shows dispatch end to end. Never in production (refused there).
   */
  DEMO_WORKERS_ANSWER: z.enum(['true', 'false']).default('false'),
});

export type DispatchEnv = z.infer<typeof dispatchEnvSchema>;
export const DISPATCH_ENV = Symbol('DISPATCH_ENV');

export function loadDispatchEnv(env: NodeJS.ProcessEnv = process.env): DispatchEnv {
  const loaded = loadEnv(dispatchEnvSchema, env);
  if (loaded.DEMO_WORKERS_ANSWER === 'true' && env.NODE_ENV === 'production')
    throw new Error('DEMO_WORKERS_ANSWER=true answers offers for workers: never in production; unset it');
  return loaded;
}

/** The PostgreSQL schema and Kafka topic of this bounded context. */
export const DISPATCH_CONTEXT = 'dispatch';
