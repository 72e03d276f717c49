import { z } from 'zod';

const brokerList = z
  .string()
  .regex(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, 'expected host:port[,host:port...], e.g. 127.0.0.1:9092');
const positiveInt = z.coerce.number().int().positive();

/** The environment every service reads; defaults are for local development only. */
export const platformEnvSchema = z
  .object({
    PG_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// URL')
      .default('postgres://platform:platform-dev@127.0.0.1:5432/platform'),
    KAFKA_BROKERS: brokerList.default('127.0.0.1:9092'),
    MONGO_URL: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/.+/, 'expected a mongodb:// URL')
      .default('mongodb://127.0.0.1:27017/'),
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
      .default(''),
    EVENT_STORE: z.enum(['postgres', 'eventstoredb']).default('postgres'),
    EVENTSTORE_URL: z
      .string()
      .regex(/^(esdb|kurrentdb)(\+discover)?:\/\/.+/, 'expected an esdb:// connection string')
      .optional(),
    PG_POOL_SIZE: positiveInt.default(10),
    KAFKA_SESSION_TIMEOUT_MS: positiveInt.min(6000).max(300000).default(30000),
    FORWARDER_BATCH_SIZE: positiveInt.max(10000).default(500),
    FORWARDER_IDLE_MS: positiveInt.max(60000).default(10),
  })
  .superRefine((env, ctx) => {
    if (env.EVENT_STORE === 'eventstoredb' && !env.EVENTSTORE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['EVENTSTORE_URL'],
        message: 'required when EVENT_STORE=eventstoredb',
      });
    }
  });

export type PlatformEnv = z.infer<typeof platformEnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      `invalid environment: ${problems.map((p) => `${p.variable}: ${p.reason}`).join('; ')}. ` +
        'Fix these variables (see the README, "Environment variables") and start again.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads and checks a service's environment against its schema, once, at start-up; a bad variable
 * stops the process with its name. An empty variable counts as unset, so its default applies.
 */
export function loadEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const unsetEmpty = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = schema.safeParse(unsetEmpty);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: i.path.join('.'), reason: i.message })),
    );
  }
  return parsed.data;
}

/** The platform's own variables (event store, Kafka, MongoDB); see `loadEnv`. */
export const loadPlatformEnv = (env: NodeJS.ProcessEnv = process.env): PlatformEnv =>
  loadEnv(platformEnvSchema, env);
