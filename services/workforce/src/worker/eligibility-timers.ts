import { Inject, Injectable } from '@nestjs/common';
import {
  documentField,
  DurableTimers,
  ReadModels,
  type CommandMetadata,
  type Timer,
} from '@platform/eventing';
import { OnTimer } from '@platform/service-kit';
import { pipelineBoard } from '../read-models/pipeline-board/pipeline-board.projection';
import { certificateExpiresAt, certificateStartsAt } from './eligibility';
import { WorkerCommands } from './worker-commands';

export const CERTIFICATE_VALIDITY_TIMER = 'certificate-validity';
export const REEVALUATION_TIMER = 'eligibility-reevaluation';

const systemMeta = (commandId: string, correlationId: string, at = new Date()): CommandMetadata => ({
  commandId,
  correlationId,
  causationId: null,
  actor: { kind: 'system', id: 'workforce-eligibility' },
  at,
});

/**
 * Eligibility changes that nobody commands: a verified certificate becoming valid or expiring on
 * its own, and a service item's requirements changing. Both go through durable timers, so a
 * restart in between loses nothing; command ids derive from the timer, so a re-fired timer (or a
 * redelivered event) re-evaluates at most once.
 */
@Injectable()
export class EligibilityTimers {
  constructor(
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
    @Inject(ReadModels) private readonly readModels: ReadModels,
  ) {}

  async onCertificateVerified(workerId: string, certificateId: string): Promise<void> {
    const state = await this.workers.load(workerId);
    if (state.status === 'none') return;
    const certificate = state.worker.certificates.find((c) => c.certificateId === certificateId);
    if (!certificate) return;
    // An edge already past when this reaction runs (it may run late) is scheduled too: it fires at
    // once, and the evaluation then catches up with a certificate that started or ran out meanwhile.
    const moments = [
      { edge: 'start', at: certificateStartsAt(certificate.validFrom) },
      { edge: 'end', at: certificateExpiresAt(certificate.validTo) },
    ];
    for (const { edge, at } of moments) {
      await this.timers.schedule({
        id: `${CERTIFICATE_VALIDITY_TIMER}:${workerId}:${certificateId}:${edge}`,
        kind: CERTIFICATE_VALIDITY_TIMER,
        dueAt: at,
        payload: { workerId, edgeAt: at.toISOString() },
      });
    }
  }

  /**
   * Evaluated at the validity edge itself, or later if the timer fires late: the event then says
   * when the certificate really ran out, whatever the delay. (An applicant's edge appends nothing;
   * the pipeline board works out what they wait for when it is asked.)
   */
  @OnTimer(CERTIFICATE_VALIDITY_TIMER)
  async onValidityEdge(timer: Timer): Promise<void> {
    const { workerId, edgeAt } = timer.payload as { workerId: string; edgeAt: string };
    const at = new Date(Math.max(Date.now(), Date.parse(edgeAt)));
    await this.workers.run(workerId, { type: 'ReevaluateEligibility' }, systemMeta(timer.id, timer.id, at));
  }

  /** A requirement changed: every worker still on file is re-evaluated against the new catalogue. */
  async onRequirementsChanged(eventId: string): Promise<void> {
    await this.timers.schedule({
      id: `${REEVALUATION_TIMER}:${eventId}`,
      kind: REEVALUATION_TIMER,
      dueAt: new Date(),
      payload: { eventId },
    });
  }

  @OnTimer(REEVALUATION_TIMER)
  async reevaluateAll(timer: Timer): Promise<void> {
    const board = this.readModels.documents(pipelineBoard);
    const { rows } = await board.pool.query<{ id: string }>(
      `SELECT id FROM ${board.table} WHERE document IS NOT NULL AND ${documentField('status')} <> 'left' ORDER BY id`,
    );
    for (const { id: workerId } of rows) {
      await this.workers.run(
        workerId,
        { type: 'ReevaluateEligibility' },
        systemMeta(`${timer.id}:${workerId}`, timer.id),
      );
    }
  }
}
