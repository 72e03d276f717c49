import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventData, EventEnvelope, RegularWorkerNamed, WorkerActivated } from '@platform/contracts';
import { businessDay } from '@platform/domain-kit';
import { Recognition } from './recognition';

/** Station messages: a welcome for a new worker, an announcement of a customer's regular worker. */
@Controller()
export class RecognitionReactions {
  constructor(@Inject(Recognition) private readonly recognition: Recognition) {}

  @EventPattern('WorkerActivated')
  async onActivated(@Payload() event: EventEnvelope) {
    const { workerId, employedSince } = event.data as EventData<typeof WorkerActivated>;
    // Staff employed before the day of activation (an import of existing staff) are not new.
    if (employedSince < businessDay(new Date(event.occurredAt))) return;
    await this.recognition.welcome(workerId, new Date(event.occurredAt));
  }

  @EventPattern('RegularWorkerNamed')
  onRegularWorkerNamed(@Payload() event: EventEnvelope) {
    const { workerId, itemCode } = event.data as EventData<typeof RegularWorkerNamed>;
    return this.recognition.announceRegularWorker(
      event.eventId,
      workerId,
      itemCode,
      new Date(event.occurredAt),
    );
  }
}
