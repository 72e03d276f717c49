import { runScopedName } from './test-run';

/** The real servers chosen by test/global-setup.ts; a clear error when run outside it. */
export function serverUrls(): { pgUrl: string; kafkaBrokers: string; mongoUrl: string } {
  const { PG_URL, KAFKA_BROKERS, MONGO_URL } = process.env;
  if (!PG_URL || !KAFKA_BROKERS || !MONGO_URL) {
    throw new Error(
      'PG_URL, KAFKA_BROKERS and MONGO_URL are not set: run integration tests with `npm run test:int`',
    );
  }
  return { pgUrl: PG_URL, kafkaBrokers: KAFKA_BROKERS, mongoUrl: MONGO_URL };
}

/**
 * A name no other test uses, for a schema, topic, group or database; it carries the test run's id,
 * so that the run's teardown deletes the topics it made (test-run.ts).
 */
export const uniqueName = (prefix: string): string => runScopedName(prefix);

/** Waits for eventual consistency: polls until `check` passes or the deadline, then says what was expected. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) return result;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for: ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
