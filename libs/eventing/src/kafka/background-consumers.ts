import type { ConsumerState, EventConsumer } from './event-consumer';

/**
 * The process's Kafka consumers, started in the background so that nothing waits for a group to
 * be joined (after a crash that waits out the dead member's session): the HTTP port opens as soon
 * as the stores answer, and readiness reports where each consumer is.
 */
export class BackgroundConsumers {
  private readonly consumers: EventConsumer[] = [];
  private readonly waiting = new Map<EventConsumer, `building: ${string}`>();

  /** Shows the consumer as `state` until it is launched: it waits for its read models' first build. */
  wait(consumer: EventConsumer, state: `building: ${string}`): void {
    if (!this.consumers.includes(consumer)) this.consumers.push(consumer);
    this.waiting.set(consumer, state);
  }

  /** Starts it without waiting; resolves once it has started (it never rejects, see startInBackground). */
  launch(consumer: EventConsumer): Promise<void> {
    this.waiting.delete(consumer);
    if (!this.consumers.includes(consumer)) this.consumers.push(consumer);
    return consumer.startInBackground();
  }

  states(): Record<string, ConsumerState | `building: ${string}`> {
    return Object.fromEntries(this.consumers.map((c) => [c.groupId, this.waiting.get(c) ?? c.state]));
  }
}
