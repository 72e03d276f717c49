import { DurableTimers, createPool } from '@platform/eventing';
import { eventually, serverUrls, uniqueName } from '@platform/eventing/testing';
import type { Pool } from 'pg';
import { CHAT_MESSAGE_TIMER, ChatBot, interactiveCard } from './chat-bot';
import { startCaptureServer } from './testing';

describe('chat cards from two instances of a service', () => {
  let pool: Pool;
  beforeAll(() => {
    pool = createPool(serverUrls().pgUrl);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('posts each card once, with its message id as idempotency key, when the bot answers slower than a lease', async () => {
    const schema = uniqueName('chat');
    const bot = await startCaptureServer();
    bot.answerAfter(1000);
    const config = { webhookUrl: bot.url };
    const instances = await Promise.all(
      ['a', 'b'].map(async () => {
        const timers = await DurableTimers.create(pool, schema);
        return { timers, chat: new ChatBot(schema, config, pool, timers) };
      }),
    );
    const messageIds = ['order-1', 'order-2', 'order-3', 'order-4'];
    for (const id of messageIds)
      await instances[0]!.chat.send(id, interactiveCard('blue', `New order ${id}`, ['Shanghai, Xuhui']));
    // A lease of 300 ms against a bot answering in 1 s: the other instance must still keep off.
    for (const { timers, chat } of instances)
      timers.start({ [CHAT_MESSAGE_TIMER]: chat.deliver }, { pollMs: 20, leaseMs: 300 });
    try {
      await eventually('every card to be delivered', async () => {
        const states = await Promise.all(
          messageIds.map((id) => instances[0]!.timers.status(`${CHAT_MESSAGE_TIMER}:${id}`)),
        );
        return states.every((s) => s?.status === 'fired');
      });
    } finally {
      await Promise.all(instances.map(({ timers }) => timers.stop()));
      await bot.close();
    }
    const keys = bot.requests.map((r) => r.headers['idempotency-key']);
    expect(keys.sort()).toEqual(messageIds);
    expect(
      bot.requests
        .map(
          (r) => (r.body as { card: { header: { title: { content: string } } } }).card.header.title.content,
        )
        .sort(),
    ).toEqual(messageIds.map((id) => `New order ${id}`));
  });
});
