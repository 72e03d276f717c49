import { loadEnv } from '@platform/eventing';
import { z } from 'zod';

const optionalUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional();

/** The orders service's own variables (the platform's are read by EventingModule). */
export const ordersEnvSchema = z.object({
  ORDERS_PORT: z.coerce.number().int().min(1).max(65535).default(4001),
  /** Where the staff web app opens an order; the chat card's button links here. */
  PUBLIC_APP_URL: z.url().default('http://127.0.0.1:4000/orders'),
  /** Lark/Feishu-style custom bot webhook for the new-order push; unset switches the push off. */
  CHATBOT_WEBHOOK_URL: optionalUrl,
  /** The bot's signing secret, when the bot requires signed messages. */
  CHATBOT_SECRET: z.string().min(8).optional(),
  /** How far ahead a yearly package places its orders. */
  PACKAGE_HORIZON_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Cancel/requeue loop: how many times a status callback to a channel is tried before it is reported failed. */
  CALLBACK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
  /** Demo data (catalogue, a few orders, a package) is loaded at start-up when true. */
  SEED_DEMO_DATA: z.enum(['true', 'false']).default('false'),
  /** PostgreSQL schema and MongoDB database of the service; tests give each run its own. */
  ORDERS_STORAGE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _')
    .default('orders'),
  /**
   * What this process does: `api` serves HTTP (GraphQL, webhooks, files), `worker` runs the
   * forwarder, the consumers and the timers. Both by default; apart, they scale (and use cores) separately.
   */
  ORDERS_ROLES: z
    .string()
    .regex(/^(api|worker)(,(api|worker))?$/, 'api, worker, or api,worker')
    .default('api,worker')
    .transform((roles) => ({ api: roles.includes('api'), worker: roles.includes('worker') })),
  TIMER_POLL_MS: z.coerce.number().int().min(10).max(10000).default(100),
  /**
   * How long a mutation waits for the read model to show its own change before it answers with what
   * the read model shows (the change is stored either way).
   */
  ANSWER_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(3000),
});

export type OrdersEnv = z.infer<typeof ordersEnvSchema>;
export const ORDERS_ENV = Symbol('ORDERS_ENV');
export const loadOrdersEnv = (env: NodeJS.ProcessEnv = process.env): OrdersEnv =>
  loadEnv(ordersEnvSchema, env);
/** The PostgreSQL schema, MongoDB database and Kafka topic of this bounded context. */
export const ORDERS_CONTEXT = 'orders';
