import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventData, EventEnvelope, TechnicianAssigned, TechnicianUnassigned } from '@platform/contracts';
import { DomainError, type CommandMetadata } from '@platform/eventing';
import { orderDecider, orderStream } from '../order.decider';
import { CommandRunner } from '@platform/service-kit';

/**
 * Dispatch decides who does a job; the order records it. The dispatch event's id is the command
 * id, so a redelivered event changes nothing. An assignment the order can no longer take (it was
 * cancelled meanwhile) is logged and skipped: dispatch learns of the cancellation from our events.
 */
@Controller()
export class AssignmentReactions {
  constructor(@Inject(CommandRunner) private readonly commands: CommandRunner) {}

  @EventPattern(['TechnicianAssigned', 'TechnicianUnassigned'])
  async handle(@Payload() event: EventEnvelope): Promise<void> {
    const meta: CommandMetadata = {
      commandId: `dispatch:${event.eventId}`,
      correlationId: event.correlationId,
      causationId: event.eventId,
      actor: event.actor,
      at: new Date(event.occurredAt),
    };
    try {
      if (event.type === 'TechnicianAssigned') {
        const { orderId, assignmentId, workerId } = event.data as EventData<typeof TechnicianAssigned>;
        await this.commands.run(
          orderDecider,
          orderStream(orderId),
          { type: 'RecordAssignment', assignment: { assignmentId, workerId } },
          meta,
        );
      } else if (event.type === 'TechnicianUnassigned') {
        const { orderId, assignmentId, reason } = event.data as EventData<typeof TechnicianUnassigned>;
        await this.commands.run(
          orderDecider,
          orderStream(orderId),
          { type: 'WithdrawAssignment', assignmentId, reason },
          meta,
        );
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      console.warn(`[orders] ${event.type} ${event.eventId} not recorded on the order: ${error.message}`);
    }
  }
}
