import type { ConsumerState, EventConsumer } from './event-consumer';

/**
 * The process's Kafka consumers, started in the background so that nothing waits for a group to
 * be joined (after a crash that waits out the dead member's session): the HTTP port opens as soon
 * as the stores answer, and readiness reports where each consumer is.
 */
export class BackgroundConsumers {
  private readonly consumers: EventConsumer[] = [];

  /** Starts it without waiting; resolves once it has started (it never rejects, see startInBackground). */
  launch(consumer: EventConsumer): Promise<void> {
    this.consumers.push(consumer);
    return consumer.startInBackground();
  }

  states(): Record<string, ConsumerState> {
    return Object.fromEntries(this.consumers.map((c) => [c.groupId, c.state]));
  }
}
