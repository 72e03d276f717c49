import type { INestApplication } from '@nestjs/common';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@platform/auth';
import { uniqueName } from '@platform/eventing/testing';
import { graphqlClient, tokenIssuer } from '@platform/service-kit/testing';
import { createWorkforceApp } from '../src/main';
import { loadWorkforceEnv } from '../src/workforce.config';

export { dataOf, errorOf } from '@platform/service-kit/testing';

/**
 * The workforce service in-process on a random port, against the real servers, isolated by its
 * own PostgreSQL schema, MongoDB database and Kafka topic prefix.
 */
export async function startWorkforce(env: Record<string, string> = {}, options: { storage?: string } = {}) {
  const storage = options.storage ?? uniqueName('workforce');
  Object.assign(process.env, { KAFKA_TOPIC_PREFIX: `${storage}.`, FORWARDER_IDLE_MS: '5' }, env);
  const workforceEnv = loadWorkforceEnv({
    ...process.env,
    WORKFORCE_STORAGE: storage,
    TIMER_POLL_MS: '50',
    ...env,
  });
  const app: INestApplication = await createWorkforceApp(workforceEnv);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  /** The screening provider's signed callback. */
  async function screeningCallback(body: unknown, options: { secret?: string; timestamp?: number } = {}) {
    const raw = JSON.stringify(body);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(`${url}/webhooks/background-checks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: sign(options.secret ?? workforceEnv.SCREENING_WEBHOOK_SECRET, timestamp, raw),
      },
      body: raw,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  return {
    app,
    url,
    storage,
    token: tokenIssuer(),
    graphql: graphqlClient(url),
    screeningCallback,
    close: () => app.close(),
  };
}

export type WorkforceUnderTest = Awaited<ReturnType<typeof startWorkforce>>;
