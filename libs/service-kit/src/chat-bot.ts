import { Inject, Injectable } from '@nestjs/common';
import {
  DurableTimers,
  PG_POOL,
  quoteIdent,
  STORAGE_SCHEMA,
  tablesOnce,
  type TimerHandler,
} from '@platform/eventing';
import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';

export const CHAT_BOT_CONFIG = Symbol('CHAT_BOT_CONFIG');
export type ChatBotConfig = {
  /** Lark/Feishu-style custom bot webhook; unset switches messages off. */
  webhookUrl?: string | undefined;
  /** The bot's signing secret, when the bot requires signed messages. */
  secret?: string | undefined;
};
/** The durable-timer kind whose handler is `ChatBot.deliver`. */
export const CHAT_MESSAGE_TIMER = 'chat-message';

export type ChatCard = { msg_type: 'interactive'; card: Record<string, unknown> };
export type CardLink = { label: string; url: string; kind?: 'primary' | 'default' | 'danger' };

/** A Lark/Feishu interactive card: a coloured header, markdown lines, and buttons that open links. */
export function interactiveCard(
  template: string,
  title: string,
  lines: string[],
  links: CardLink[] = [],
): ChatCard {
  const elements: Record<string, unknown>[] = [
    { tag: 'div', text: { tag: 'lark_md', content: lines.join('\n') } },
  ];
  if (links.length > 0)
    elements.push({
      tag: 'action',
      actions: links.map((link) => ({
        tag: 'button',
        type: link.kind ?? 'primary',
        text: { tag: 'plain_text', content: link.label },
        url: link.url,
      })),
    });
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: { template, title: { tag: 'plain_text', content: title } },
      elements,
    },
  };
}

/** Lark's custom-bot signature: HMAC-SHA256 keyed by "<timestamp>\n<secret>" over nothing, base64. */
const larkSign = (timestamp: number, secret: string) =>
  createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');

/**
 * Posts messages (cards) to the chat-bot webhook. `send` schedules one durable timer per message
 * id, whatever the redeliveries of the event behind it; the timer retries with backoff, and the
 * delivery is recorded so that a re-fired timer does not post the message twice.
 */
@Injectable()
export class ChatBot {
  private readonly table: string;
  private readonly ensureTable: () => Promise<void>;

  constructor(
    @Inject(STORAGE_SCHEMA) schema: string,
    @Inject(CHAT_BOT_CONFIG) private readonly config: ChatBotConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(DurableTimers) private readonly timers: DurableTimers,
  ) {
    this.table = `${quoteIdent(schema)}.chat_messages`;
    this.ensureTable = tablesOnce(
      pool,
      schema,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        message_id text PRIMARY KEY, attempts integer NOT NULL DEFAULT 0, last_error text, delivered_at timestamptz)`,
    );
  }

  /** `messageId` must derive from what the message is about, so that a repeat is recognised. */
  async send(messageId: string, message: Record<string, unknown>, dueAt = new Date()): Promise<void> {
    if (!this.config.webhookUrl) return;
    await this.timers.schedule({
      id: `${CHAT_MESSAGE_TIMER}:${messageId}`,
      kind: CHAT_MESSAGE_TIMER,
      dueAt,
      payload: { messageId, message },
    });
  }

  readonly deliver: TimerHandler = async (timer, { signal }) => {
    const url = this.config.webhookUrl;
    if (!url) return;
    await this.ensureTable();
    const { messageId, message } = timer.payload as { messageId: string; message: Record<string, unknown> };
    const { rows } = await this.pool.query(
      `INSERT INTO ${this.table} (message_id, attempts) VALUES ($1, 1)
       ON CONFLICT (message_id) DO UPDATE SET attempts = ${this.table}.attempts + 1 RETURNING delivered_at`,
      [messageId],
    );
    if (rows[0]?.delivered_at) return;
    const signed = { ...message };
    if (this.config.secret) {
      const timestamp = Math.floor(Date.now() / 1000);
      Object.assign(signed, { timestamp: String(timestamp), sign: larkSign(timestamp, this.config.secret) });
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': messageId },
        body: JSON.stringify(signed),
        signal: AbortSignal.any([AbortSignal.timeout(5000), signal]),
      });
      const body = (await response.json().catch(() => ({}))) as { code?: number; msg?: string };
      if (!response.ok || (body.code !== undefined && body.code !== 0)) {
        throw new Error(`chat bot answered ${response.status}${body.msg ? `: ${body.msg}` : ''}`);
      }
      await this.pool.query(
        `UPDATE ${this.table} SET delivered_at = now(), last_error = NULL WHERE message_id = $1`,
        [messageId],
      );
    } catch (error) {
      await this.pool.query(`UPDATE ${this.table} SET last_error = $2 WHERE message_id = $1`, [
        messageId,
        String(error),
      ]);
      throw error;
    }
  };
}
