import type { ExecutionResult } from 'graphql';
import { SUBSCRIPTION_EXPIRED, untilExpiry } from './authentication';

/** An endless stream of events, one every `everyMs`, counting how many were asked for. */
function ticking(everyMs: number) {
  let asked = 0;
  let returned = false;
  let waiting: { timer: NodeJS.Timeout; resolve: (r: IteratorResult<ExecutionResult>) => void } | undefined;
  const events: AsyncIterable<ExecutionResult> = {
    [Symbol.asyncIterator]: () => ({
      next: () =>
        new Promise((resolve) => {
          const timer = setTimeout(
            () => resolve({ done: false, value: { data: { tick: ++asked } } }),
            everyMs,
          );
          waiting = { timer, resolve };
        }),
      return: async () => {
        returned = true;
        if (waiting) {
          clearTimeout(waiting.timer);
          waiting.resolve({ done: true, value: undefined });
        }
        return { done: true, value: undefined };
      },
    }),
  };
  return { events, returned: () => returned };
}

describe('a subscription on a token that expires', () => {
  test('delivers events until the expiry, then one UNAUTHENTICATED error, and ends its source', async () => {
    const source = ticking(20);
    const received: ExecutionResult[] = [];

    for await (const result of untilExpiry(source.events, new Date(Date.now() + 150))) received.push(result);

    expect(received.length).toBeGreaterThan(2);
    expect(received.slice(0, -1).every((r) => r.data !== undefined)).toBe(true);
    const last = received.at(-1)!;
    expect(last.errors?.map((e) => [e.message, e.extensions.code])).toEqual([
      [SUBSCRIPTION_EXPIRED, 'UNAUTHENTICATED'],
    ]);
    expect(source.returned()).toBe(true);
  });

  test('ends at once when the token has already expired', async () => {
    const source = ticking(1000);
    const received: ExecutionResult[] = [];

    for await (const result of untilExpiry(source.events, new Date(Date.now() - 1))) received.push(result);

    expect(received).toHaveLength(1);
    expect(received[0]?.errors?.[0]?.message).toBe(SUBSCRIPTION_EXPIRED);
  });

  test('a client going away ends the source at once, not at the next event or the expiry', async () => {
    const source = ticking(60_000);
    const subscription = untilExpiry(source.events, new Date(Date.now() + 3_600_000));
    const pending = subscription.next();

    await subscription.return!();

    expect(source.returned()).toBe(true);
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });
});
