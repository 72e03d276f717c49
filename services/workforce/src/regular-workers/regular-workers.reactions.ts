import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventData, EventEnvelope, RegularWorkerNamed, WorkerLeft } from '@platform/contracts';
import { RegularWorkers } from './regular-workers';

/** A worker who left is nobody's regular worker any more. */
@Controller()
export class RegularWorkersReactions {
  constructor(@Inject(RegularWorkers) private readonly regulars: RegularWorkers) {}

  /** Runs after the station's announcement (RecognitionReactions is listed first). */
  @EventPattern('RegularWorkerNamed')
  onNamed(@Payload() event: EventEnvelope) {
    const { customerId, itemCode, workerId } = event.data as EventData<typeof RegularWorkerNamed>;
    // The worker may have left between the check and the naming; then the naming is undone.
    return this.regulars.releaseIfLeft(customerId, itemCode, workerId, event.eventId);
  }

  @EventPattern('WorkerLeft')
  onLeft(@Payload() event: EventEnvelope) {
    return this.regulars.releaseAllOf((event.data as EventData<typeof WorkerLeft>).workerId, event.eventId);
  }
}
