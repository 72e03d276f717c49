import { Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { DEFAULT_TOLERANCE_SECONDS } from '@platform/auth';
import { DomainError, PG_POOL, quoteIdent, STORAGE_SCHEMA, tablesOnce } from '@platform/eventing';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ZodError } from 'zod';
import { OrderIntake } from '../order/place-order/order-intake';
import { HttpRejection, readSignedJson, zodProblems } from '@platform/service-kit';
import { channelProfiles, channelSettings, partnerField } from './channel-profiles';

export const WEBHOOK_MAX_BYTES = 64 * 1024;

/**
 * `POST /webhooks/orders/:channel`: partner channels push orders here. Checked in this order:
 * known channel (404), size (413), HMAC signature and timestamp (401), JSON and its depth (400),
 * text that cannot be stored (422), the channel's payload (422, each bad field named in the
 * partner's terms). Only then is the order placed,
 * idempotently on (channel, channel order id): a resend with the same content is 200, one with
 * other content is 409 naming what differs, and a replay of the very same signed request is 409.
 */
@Controller('webhooks/orders')
export class PartnerWebhookController {
  private readonly receipts: string;
  private readonly ensureTable: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) private readonly schema: string,
    @Inject(OrderIntake) private readonly intake: OrderIntake,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.receipts = `${quoteIdent(schema)}.webhook_receipts`;
    this.ensureTable = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.receipts} (
        channel text NOT NULL, signature text NOT NULL, order_id uuid NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel, signature))`,
    );
  }

  /**
   * A receipt matters only while its timestamp is inside the signature window (an older replay is
   * refused as stale), so every few hundred orders the ones well past it are deleted.
   */
  private receiptsSincePrune = 0;
  private pruneReceipts(): void {
    if (++this.receiptsSincePrune < 500) return;
    this.receiptsSincePrune = 0;
    const keepSeconds = 2 * DEFAULT_TOLERANCE_SECONDS;
    void this.pool
      .query(`DELETE FROM ${this.receipts} WHERE received_at < now() - $1 * interval '1 second'`, [
        keepSeconds,
      ])
      .catch((error: unknown) => console.warn(`[orders] pruning webhook receipts failed: ${String(error)}`));
  }

  @Post(':channel')
  async receive(@Param('channel') channel: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const correlationId = (req.headers['x-correlation-id'] as string | undefined) ?? randomUUID();
    res.setHeader('x-correlation-id', correlationId);
    try {
      const result = await this.accept(channel, req, correlationId);
      res.status(result.duplicate ? 200 : 201).json(result);
    } catch (error) {
      if (error instanceof HttpRejection) {
        if (error.status === 413) res.setHeader('connection', 'close');
        res.status(error.status).json({
          statusCode: error.status,
          message: error.message,
          problems: error.problems,
          correlationId,
        });
        return;
      }
      console.error(`[orders] webhook ${channel} failed ${correlationId}:`, error);
      res.status(500).json({ statusCode: 500, message: 'Internal server error; retry later', correlationId });
    }
  }

  private async accept(channel: string, req: Request, correlationId: string) {
    const profile = channelProfiles.get(channel);
    if (!profile)
      throw new HttpRejection(
        404,
        `unknown channel "${channel}"; known: ${[...channelProfiles.keys()].join(', ')}`,
      );
    const { body, signature } = await readSignedJson(req, {
      secret: channelSettings(channel).secret,
      limit: WEBHOOK_MAX_BYTES,
      what: `${channel} order`,
    });
    const parsed = profile.payload.safeParse(body);
    if (!parsed.success) throw new HttpRejection(422, `invalid ${channel} order`, zodProblems(parsed.error));
    try {
      const placed = await this.intake.place(profile.toOrder(parsed.data), {
        commandId: `${channel}:${signature}`,
        correlationId,
        actor: { kind: 'partner', id: channel },
        at: new Date(),
      });
      // Placing is idempotent, so a replay has changed nothing by now; its receipt tells it apart from a re-signed retry.
      await this.ensureTable();
      const receipt = await this.pool.query(
        `INSERT INTO ${this.receipts} (channel, signature, order_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [channel, signature, placed.orderId],
      );
      this.pruneReceipts();
      if (receipt.rowCount === 0) {
        throw new HttpRejection(
          409,
          `this signed request was already received (order ${placed.orderId}); sign a retry with a fresh timestamp`,
        );
      }
      return placed;
    } catch (error) {
      if (error instanceof HttpRejection) throw error;
      // Our checks name fields of our order request; the partner is told the fields it sent.
      const theirs = (field: string) => partnerField(profile, field);
      if (error instanceof ZodError)
        throw new HttpRejection(
          422,
          `invalid ${channel} order`,
          zodProblems(error).map((p) => ({ ...p, field: theirs(p.field) })),
        );
      if (error instanceof DomainError && error.code === 'ORDER_CONFLICT') {
        const fields = [...new Set((error.details.differences as string[]).map(theirs))];
        throw new HttpRejection(
          409,
          `this ${channel} order was received earlier with other content (${fields.join(', ')}); a resend does not change a placed order (order ${String(error.details.orderId)})`,
          fields.map((field) => ({ field, reason: 'differs from the order as first received' })),
        );
      }
      if (error instanceof DomainError) {
        const field = typeof error.details.field === 'string' ? theirs(error.details.field) : '(order)';
        throw new HttpRejection(422, error.message, [{ field, reason: error.message }]);
      }
      throw error;
    }
  }
}
