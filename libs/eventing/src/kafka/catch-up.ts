import type { Kafka } from 'kafkajs';

type Position = { topic: string; partition: number; offset: string };
const key = (topic: string, partition: number) => `${topic}#${partition}`;

/**
 * Tracks how far an in-process view has read its topics, for two questions: has it read
 * everything that existed when the process started (`ready`), and has it read a given message yet
 * (`reached`) — so a reaction consumer in another group can wait until the view it decides on has
 * seen the event it is reacting to.
 */
export class CatchUp {
  private readonly read = new Map<string, number>();
  private readonly waiters = new Map<string, { offset: number; resolve: () => void }[]>();
  private startupEnds?: Map<string, number>;
  private markReady!: () => void;
  /** Resolves once everything present at start-up is read (no time limit; see `ready`). */
  readonly loaded = new Promise<void>((resolve) => (this.markReady = resolve));

  /** Notes the high-watermarks of the topics now; `ready` resolves once they are read. */
  async takeStartupEnds(kafka: Kafka, topics: readonly string[]): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = new Map<string, number>();
      for (const topic of topics) {
        for (const o of await admin.fetchTopicOffsets(topic))
          if (Number(o.high) > Number(o.low)) ends.set(key(topic, o.partition), Number(o.high) - 1);
      }
      this.startupEnds = ends;
    } finally {
      await admin.disconnect();
    }
    for (const [k, offset] of [...this.read]) this.settle(k, offset);
    if (this.startupEnds.size === 0) this.markReady();
  }

  /** To be called once a message has been applied to the view. */
  advance({ topic, partition, offset }: Position): void {
    const k = key(topic, partition);
    const at = Number(offset);
    if ((this.read.get(k) ?? -1) < at) this.read.set(k, at);
    this.settle(k, at);
  }

  private settle(k: string, at: number): void {
    const waiting = this.waiters.get(k);
    if (waiting) {
      const still = waiting.filter((w) => (w.offset <= at ? (w.resolve(), false) : true));
      if (still.length) this.waiters.set(k, still);
      else this.waiters.delete(k);
    }
    const end = this.startupEnds?.get(k);
    if (end === undefined || at < end) return;
    this.startupEnds!.delete(k);
    if (this.startupEnds!.size === 0) this.markReady();
  }

  /** Resolves once everything present at start-up is read; rejects after `timeoutMs` so callers retry. */
  ready(timeoutMs = 60_000, what = 'the view'): Promise<void> {
    return withTimeout(this.loaded, timeoutMs, `${what}: still loading from Kafka; try again`);
  }

  /**
   * Resolves once the message at this position (or a later one of its partition) is applied;
   * rejects after `timeoutMs`, or when `signal` aborts (the waiting consumer is stopping).
   */
  reached(
    { topic, partition, offset }: Position,
    timeoutMs = 30_000,
    what = 'the view',
    signal?: AbortSignal,
  ): Promise<void> {
    const k = key(topic, partition);
    const at = Number(offset);
    if ((this.read.get(k) ?? -1) >= at) return Promise.resolve();
    const arrived = new Promise<void>((resolve) => {
      const list = this.waiters.get(k) ?? [];
      list.push({ offset: at, resolve });
      this.waiters.set(k, list);
    });
    const waited = withTimeout(
      arrived,
      timeoutMs,
      `${what}: has not read ${topic}[${partition}]@${offset} yet`,
    );
    if (!signal) return waited;
    signal.throwIfAborted();
    // The listener goes once the wait is over: the signal lives as long as the consumer.
    return new Promise<void>((resolve, reject) => {
      const cut = () => reject(signal.reason);
      signal.addEventListener('abort', cut, { once: true });
      waited.then(resolve, reject).finally(() => signal.removeEventListener('abort', cut));
    });
  }
}

async function withTimeout(promise: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
