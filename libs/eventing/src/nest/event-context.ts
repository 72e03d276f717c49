import { BaseRpcContext } from '@nestjs/microservices';
import type { HandlingContext } from '../kafka/event-consumer';

/**
 * What an `@EventPattern` handler gets with `@Ctx()`: where the event was read, and the signal
 * that aborts when the consumer stops (a handler waiting for something gives up; the event, left
 * uncommitted, goes to the member that takes the partition next).
 */
export class EventContext extends BaseRpcContext<[HandlingContext]> implements HandlingContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly signal: AbortSignal;

  constructor(handling: HandlingContext) {
    super([handling]);
    ({ topic: this.topic, partition: this.partition, offset: this.offset, signal: this.signal } = handling);
  }
}
