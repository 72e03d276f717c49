import { loadEnv } from '@platform/eventing';
import { z } from 'zod';

const optionalUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional();

/** The workforce service's own variables (the platform's are read by EventingModule). */
export const workforceEnvSchema = z.object({
  WORKFORCE_PORT: z.coerce.number().int().min(1).max(65535).default(4002),
  /** Where the staff web app opens a worker; recognition cards link here. */
  PUBLIC_APP_URL: z.url().default('http://127.0.0.1:4000'),
  /** Lark/Feishu-style custom bot webhook for station messages; unset switches them off. */
  CHATBOT_WEBHOOK_URL: optionalUrl,
  CHATBOT_SECRET: z.string().min(8).optional(),
  /**
   * Secret the background-check provider signs its callbacks with (HMAC-SHA256). Required in
   * production; elsewhere a clearly marked development default is used.
   */
  SCREENING_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Local hour (China Standard Time) at which birthday and anniversary reminders go out. */
  RECOGNITION_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  SEED_DEMO_DATA: z.enum(['true', 'false']).default('false'),
  /** PostgreSQL schema and MongoDB database of the service; tests give each run its own. */
  WORKFORCE_STORAGE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _')
    .default('workforce'),
  /** `api` serves HTTP; `worker` runs the forwarder, consumers and timers. Both by default. */
  WORKFORCE_ROLES: z
    .string()
    .regex(/^(api|worker)(,(api|worker))?$/, 'api, worker, or api,worker')
    .default('api,worker')
    .transform((roles) => ({ api: roles.includes('api'), worker: roles.includes('worker') })),
  TIMER_POLL_MS: z.coerce.number().int().min(10).max(10000).default(100),
});

/** DEVELOPMENT DEFAULT, never for production (refused there). */
const DEVELOPMENT_SCREENING_SECRET = 'dev-only-screening-secret-change-me';

export type WorkforceEnv = Omit<z.infer<typeof workforceEnvSchema>, 'SCREENING_WEBHOOK_SECRET'> & {
  SCREENING_WEBHOOK_SECRET: string;
};
export const WORKFORCE_ENV = Symbol('WORKFORCE_ENV');
export function loadWorkforceEnv(env: NodeJS.ProcessEnv = process.env): WorkforceEnv {
  const loaded = loadEnv(workforceEnvSchema, env);
  if (!loaded.SCREENING_WEBHOOK_SECRET && env.NODE_ENV === 'production')
    throw new Error(
      'SCREENING_WEBHOOK_SECRET is required in production (at least 16 characters, shared with the screening provider)',
    );
  return {
    ...loaded,
    SCREENING_WEBHOOK_SECRET: loaded.SCREENING_WEBHOOK_SECRET ?? DEVELOPMENT_SCREENING_SECRET,
  };
}
/** The PostgreSQL schema, MongoDB database and Kafka topic of this bounded context. */
export const WORKFORCE_CONTEXT = 'workforce';
