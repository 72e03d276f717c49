import 'reflect-metadata';
import { Controller, Inject, Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern } from '@nestjs/microservices';
import { EventCatalog, type EventEnvelope } from '@platform/contracts';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BackgroundConsumers } from '../kafka/background-consumers';
import { createKafka } from '../kafka/kafka';
import { eventually } from '../testing/servers';
import {
  connectEventTransport,
  KafkaEventTransport,
  type KafkaEventTransportOptions,
  type ReadModelApplier,
} from './event-transport';
import { bellEvents, Bells, Journal, type Note } from './testing/bells';

@Controller()
class LampAnnouncer {
  constructor(@Inject(Journal) private readonly journal: Journal) {}

  /** Consumer 'read-models': runs once the read models have the lamp. */
  @EventPattern('LampLit', { consumer: 'read-models' })
  announce(event: EventEnvelope): void {
    this.journal.note({
      handler: 'audit',
      phase: 'end',
      eventId: `announced ${event.eventId}`,
      partition: 0,
      offset: '0',
    });
  }
}

@Controller()
class Misspelt {
  @EventPattern('BellRung')
  ring(): void {}
}

/** The transport wired by Nest as in a service, without starting it: nothing talks to Kafka. */
async function wired(
  controllers: Type[],
  options: Partial<KafkaEventTransportOptions> = {},
): Promise<{ app: INestApplication; transport: KafkaEventTransport; journal: Journal }> {
  const journal = new Journal();
  const transport = new KafkaEventTransport({
    context: 'bells',
    kafka: createKafka('127.0.0.1:9', 'unit'),
    catalog: new EventCatalog(bellEvents),
    topicPrefix: 'run-1.',
    sessionTimeoutMs: 6000,
    background: new BackgroundConsumers(),
    ...options,
  });
  @Module({
    controllers,
    providers: [
      { provide: Journal, useValue: journal },
      { provide: KafkaEventTransport, useValue: transport },
    ],
  })
  class Wired {}
  const app = await NestFactory.create(Wired, { logger: false });
  connectEventTransport(app);
  return { app, transport, journal };
}

const ring = (note: Note): EventEnvelope => ({
  eventId: randomUUID(),
  type: 'BellRang',
  schemaVersion: 1,
  streamId: `bell-${randomUUID()}`,
  streamPosition: 0,
  occurredAt: new Date().toISOString(),
  recordedAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: null,
  actor: { kind: 'system', id: 'unit' },
  data: { note },
});
const handling = {
  topic: 'run-1.bells.events',
  partition: 2,
  offset: '7',
  signal: new AbortController().signal,
};

describe('KafkaEventTransport, wired by Nest', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("makes one consumer group per consumer name ('reactions' when unnamed), on the topics of the types handled", async () => {
    let transport: KafkaEventTransport;
    ({ app, transport } = await wired([Bells]));
    expect(
      transport.plan().map(({ name, groupId, topics, types }) => ({ name, groupId, topics, types })),
    ).toEqual([
      {
        name: 'reactions',
        groupId: 'run-1.bells-reactions',
        topics: ['run-1.bells.events'],
        types: ['BellRang'],
      },
      {
        name: 'audit',
        groupId: 'run-1.bells-audit',
        topics: ['run-1.bells.events', 'run-1.lamps.events'],
        types: ['BellRang', 'LampLit'],
      },
    ]);
  });

  it("runs one consumer's handlers of a type one after the other, in the order they are declared, and no other consumer's", async () => {
    let transport: KafkaEventTransport;
    let journal: Journal;
    ({ app, transport, journal } = await wired([Bells]));
    const event = ring('slow');
    await transport
      .plan()
      .find((p) => p.name === 'reactions')!
      .handle(event, handling);
    expect(journal.entries.map((e) => `${e.handler} ${e.phase}`)).toEqual([
      'ring start',
      'ring end',
      'echo start',
      'echo end',
    ]);
    expect(journal.entries[0]).toMatchObject({ eventId: event.eventId, partition: 2, offset: '7' });
  });

  it('gives a failing handler its own error back to the consumer, and the handlers after it do not run', async () => {
    let transport: KafkaEventTransport;
    let journal: Journal;
    ({ app, transport, journal } = await wired([Bells]));
    const reactions = transport.plan().find((p) => p.name === 'reactions')!;
    await expect(reactions.handle(ring('fail'), handling)).rejects.toThrow(new Error('the bell is cracked'));
    expect(journal.entries.map((e) => `${e.handler} ${e.phase}`)).toEqual(['ring start']);
  });

  it("applies the read models first in consumer 'read-models', subscribed to their topics too", async () => {
    const applied: string[] = [];
    let journal: Journal;
    const readModels: ReadModelApplier = {
      types: ['BellRang', 'LampLit'],
      apply: async (event) => void applied.push(event.eventId),
    };
    let transport: KafkaEventTransport;
    ({ app, transport, journal } = await wired([LampAnnouncer], { readModels }));
    const plan = transport.plan().find((p) => p.name === 'read-models')!;
    expect(plan.topics).toEqual(['run-1.bells.events', 'run-1.lamps.events']);
    const lamp = { ...ring('ok'), type: 'LampLit', data: {} };
    await plan.handle(lamp, handling);
    expect(applied).toEqual([lamp.eventId]);
    expect(journal.entries.map((e) => e.eventId)).toEqual([`announced ${lamp.eventId}`]);
  });

  it("retries in consumer 'read-models' for hours before parking an event, unless told otherwise; others keep the consumer's default", async () => {
    const readModels: ReadModelApplier = { types: ['LampLit'], apply: async () => undefined };
    let transport: KafkaEventTransport;
    ({ app, transport } = await wired([Bells], { readModels }));
    const options = (name: string) => transport.plan().find((p) => p.name === name)!.options;
    expect(options('read-models').retry).toEqual({ attempts: 1000, initialMs: 100, maxMs: 30_000 });
    expect(options('reactions').retry).toBeUndefined();
    await app.close();
    ({ app, transport } = await wired([Bells], {
      readModels,
      consumers: { 'read-models': { retry: { attempts: 3 } }, audit: { privateGroup: true } },
    }));
    expect(options('read-models').retry).toEqual({ attempts: 3, initialMs: 100, maxMs: 30_000 });
    expect(options('audit')).toEqual({ privateGroup: true });
  });

  it('refuses to start a handler of a type the catalog does not know, or settings for a consumer nobody names', async () => {
    let transport: KafkaEventTransport;
    ({ app, transport } = await wired([Misspelt]));
    expect(() => transport.plan()).toThrow(
      /handles BellRung, which is not among the events given to EventingModule/,
    );
    await expect(app.startAllMicroservices()).rejects.toThrow(/BellRung/);
    await app.close();
    ({ app, transport } = await wired([Bells], { consumers: { audits: { privateGroup: true } } }));
    expect(() => transport.plan()).toThrow(
      "EventingModule consumers: no @EventPattern names consumer 'audits'",
    );
  });

  it('stops every consumer on close even when one fails to, then reports the failure', async () => {
    let transport: KafkaEventTransport;
    ({ app, transport } = await wired([Bells]));
    let slowStopped = false;
    transport
      .unwrap<{ stop(): Promise<void> }[]>()
      .push(
        { stop: () => Promise.reject(new Error('the broker hung up')) },
        { stop: () => sleep(200).then(() => void (slowStopped = true)) },
      );
    await expect(transport.close()).rejects.toThrow('the broker hung up');
    expect(slowStopped).toBe(true);
  });

  it("starts consumer 'read-models' once the read models never built are built, showing it as building meanwhile", async () => {
    let finishBuild!: () => void;
    const built = new Promise<void>((resolve) => (finishBuild = resolve));
    const readModels: ReadModelApplier = {
      types: ['LampLit'],
      apply: async () => undefined,
      buildNew: async () => {
        await built;
        return ['lamps'];
      },
    };
    const background = new BackgroundConsumers();
    ({ app } = await wired([Bells], { readModels, background }));
    await app.startAllMicroservices();
    const state = () => background.states()['run-1.bells-read-models'];
    expect(state()).toBe('building: read models never built, by replay');
    expect(background.states()['run-1.bells-reactions']).not.toMatch(/^building/);
    finishBuild();
    await eventually(
      'the read-model consumer to start',
      async () => state() !== undefined && !state()!.startsWith('building'),
    );
  });

  it('is not connected where the process does not consume', async () => {
    let transport: KafkaEventTransport;
    ({ app, transport } = await wired([Bells], { consume: false }));
    expect(app.getMicroservices()).toHaveLength(0);
    expect(transport.plan()).toHaveLength(0);
  });
});
