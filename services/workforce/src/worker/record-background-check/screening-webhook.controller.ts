import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { DomainError } from '@platform/eventing';
import { HttpRejection, readSignedJson, zodProblems } from '@platform/service-kit';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { WorkerCommands } from '../worker-commands';
import { WORKFORCE_ENV, type WorkforceEnv } from '../../workforce.config';

const MAX_BYTES = 16 * 1024;
const resultSchema = z.object({
  workerId: z.string().min(1).max(80),
  reportId: z.string().min(1).max(80),
  result: z.enum(['clear', 'consider', 'failed']),
});

/**
 * `POST /webhooks/background-checks`: the screening provider's callback with a check's result,
 * HMAC-signed like partner webhooks (SCREENING_WEBHOOK_SECRET). Checked in order: size (413),
 * signature and time (401), JSON and its depth (400), fields and unstorable text (422), worker (404). A repeated report id is
 * accepted and changes nothing, so the provider may retry freely.
 */
@Controller('webhooks/background-checks')
export class ScreeningWebhookController {
  constructor(
    @Inject(WORKFORCE_ENV) private readonly env: WorkforceEnv,
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
  ) {}

  @Post()
  async receive(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const { body } = await readSignedJson(req, {
        secret: this.env.SCREENING_WEBHOOK_SECRET,
        limit: MAX_BYTES,
        what: 'background check result',
      });
      const parsed = resultSchema.safeParse(body);
      if (!parsed.success)
        throw new HttpRejection(422, 'invalid background check result', zodProblems(parsed.error));
      const { workerId, reportId, result } = parsed.data;
      const outcome = await this.workers.run(
        workerId,
        { type: 'RecordBackgroundCheck', checkId: reportId, result, source: 'provider' },
        {
          commandId: `screening:${workerId}:${reportId}`,
          correlationId: reportId,
          causationId: null,
          actor: { kind: 'partner', id: 'screening-provider' },
          at: new Date(),
        },
      );
      res.status(200).json({ workerId, reportId, recorded: outcome.status === 'appended' });
    } catch (error) {
      if (error instanceof HttpRejection) {
        res.status(error.status).json({ error: error.message, problems: error.problems });
        return;
      }
      if (error instanceof DomainError) {
        const status = error.code === 'WORKER_NOT_FOUND' ? 404 : 409;
        res.status(status).json({ error: error.message, code: error.code });
        return;
      }
      throw error;
    }
  }
}
