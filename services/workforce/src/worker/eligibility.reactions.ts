import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CertificateVerified, EventData, EventEnvelope } from '@platform/contracts';
import { EligibilityTimers } from './eligibility-timers';

/** What changes a worker's eligibility without a command: certificate validity and the catalogue's requirements. */
@Controller()
export class EligibilityReactions {
  constructor(@Inject(EligibilityTimers) private readonly eligibility: EligibilityTimers) {}

  @EventPattern('CertificateVerified')
  onCertificateVerified(@Payload() event: EventEnvelope) {
    const { workerId, certificateId } = event.data as EventData<typeof CertificateVerified>;
    return this.eligibility.onCertificateVerified(workerId, certificateId);
  }

  @EventPattern('ItemRequirementsSet')
  onRequirementsChanged(@Payload() event: EventEnvelope) {
    return this.eligibility.onRequirementsChanged(event.eventId);
  }
}
