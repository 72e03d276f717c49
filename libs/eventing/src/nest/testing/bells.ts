import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { defineEvent, type EventEnvelope } from '@platform/contracts';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ensureTopics } from '../../kafka/kafka';
import type { EventContext } from '../event-context';
import { EventingModule, type EventingModuleOptions } from '../eventing.module';
import { connectEventTransport } from '../event-transport';

// A tiny service for the transport's specs: bells ring on `bells.events`, lamps light on
// `lamps.events`; what a handler does is read from the event's `note`.

export const BellRang = defineEvent({
  type: 'BellRang',
  version: 1,
  topic: 'bells.events',
  description: 'A bell rang (transport specs only).',
  schema: z.object({ note: z.enum(['ok', 'fail', 'slow', 'wait', 'crash']) }),
});
export const LampLit = defineEvent({
  type: 'LampLit',
  version: 1,
  topic: 'lamps.events',
  description: 'A lamp was lit (transport specs only).',
  schema: z.object({}),
});
export const bellEvents = [BellRang, LampLit];
export type Note = z.infer<typeof BellRang.schema>['note'];

export interface Entry {
  handler: 'ring' | 'echo' | 'audit';
  phase: 'start' | 'end';
  eventId: string;
  partition: number;
  offset: string;
}

/** What the handlers did, in order; `crashes` makes note 'crash' kill the process mid-handling. */
export class Journal {
  readonly entries: Entry[] = [];
  constructor(readonly options: { crashes?: boolean; print?: boolean } = {}) {}

  note(entry: Entry): void {
    this.entries.push(entry);
    if (this.options.print) console.log(`journal ${JSON.stringify(entry)}`);
  }

  of(handler: Entry['handler'], phase: Entry['phase'] = 'end'): Entry[] {
    return this.entries.filter((e) => e.handler === handler && e.phase === phase);
  }
}

@Controller()
export class Bells {
  constructor(@Inject(Journal) private readonly journal: Journal) {}

  /** Consumer 'reactions' (named by none). */
  @EventPattern('BellRang')
  async ring(@Payload() event: EventEnvelope, @Ctx() context: EventContext): Promise<void> {
    const entry = {
      handler: 'ring' as const,
      eventId: event.eventId,
      partition: context.partition,
      offset: context.offset,
    };
    this.journal.note({ ...entry, phase: 'start' });
    const { note } = event.data as { note: Note };
    if (note === 'fail') throw new Error('the bell is cracked');
    if (note === 'slow') await sleep(40);
    if (note === 'wait')
      await new Promise((_, reject) =>
        context.signal.addEventListener('abort', () => reject(context.signal.reason)),
      );
    if (note === 'crash' && this.journal.options.crashes) process.kill(process.pid, 'SIGKILL');
    this.journal.note({ ...entry, phase: 'end' });
  }

  /** Also consumer 'reactions', on the same type: runs after `ring`, once it has succeeded. */
  @EventPattern('BellRang')
  async echo(@Payload() event: EventEnvelope, @Ctx() context: EventContext): Promise<void> {
    const entry = {
      handler: 'echo' as const,
      eventId: event.eventId,
      partition: context.partition,
      offset: context.offset,
    };
    this.journal.note({ ...entry, phase: 'start' });
    await sleep(5);
    this.journal.note({ ...entry, phase: 'end' });
  }

  /** A second consumer, so a group of its own, on both topics. */
  @EventPattern(['BellRang', 'LampLit'], { consumer: 'audit' })
  audit(@Payload() event: EventEnvelope, @Ctx() context: EventContext): void {
    const entry = {
      handler: 'audit' as const,
      eventId: event.eventId,
      partition: context.partition,
      offset: context.offset,
    };
    this.journal.note({ ...entry, phase: 'start' });
    this.journal.note({ ...entry, phase: 'end' });
  }
}

@Module({})
class BellsModule {}

export function bellsModule(
  journal: Journal,
  options: Pick<EventingModuleOptions, 'storage' | 'consumers'> = {},
): DynamicModule {
  return {
    module: BellsModule,
    imports: [EventingModule.forRoot({ context: 'bells', events: bellEvents, forward: false, ...options })],
    controllers: [Bells],
    providers: [{ provide: Journal, useValue: journal }],
  };
}

/** Starts the bells service the way createServiceApp does (no HTTP port: only the consumers matter). */
export async function startBells(journal: Journal, options: Parameters<typeof bellsModule>[1] = {}) {
  const app = await NestFactory.create(bellsModule(journal, options), { logger: ['error', 'warn'] });
  connectEventTransport(app);
  await app.init();
  await app.startAllMicroservices();
  return app;
}

/** Publishes rings (and a lamp when asked) to the given partitions, keyed by a stream per partition. */
export async function publishBells(
  kafka: Kafka,
  prefix: string,
  rings: readonly { note: Note; partition?: number }[],
  lamps = 0,
): Promise<EventEnvelope[]> {
  const now = new Date().toISOString();
  const envelope = (type: string, data: object, streamPosition: number): EventEnvelope => ({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    streamId: `bell-${randomUUID()}`,
    streamPosition,
    occurredAt: now,
    recordedAt: now,
    correlationId: randomUUID(),
    causationId: null,
    actor: { kind: 'system', id: 'transport-spec' },
    data,
  });
  const bells = rings.map(({ note }, i) => envelope('BellRang', { note }, i));
  const lit = Array.from({ length: lamps }, (_, i) => envelope('LampLit', {}, i));
  const [bellsTopic, lampsTopic] = [`${prefix}bells.events`, `${prefix}lamps.events`];
  await ensureTopics(kafka, [bellsTopic, lampsTopic]);
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.sendBatch({
      topicMessages: [
        {
          topic: bellsTopic,
          messages: bells.map((e, i) => ({ partition: rings[i]!.partition ?? 0, value: JSON.stringify(e) })),
        },
        { topic: lampsTopic, messages: lit.map((e) => ({ partition: 0, value: JSON.stringify(e) })) },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  return [...bells, ...lit];
}
