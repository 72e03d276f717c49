import { z } from 'zod';
import type { EventDefinition } from '../define-event';
import { envelopeSchema } from '../envelope';
import { deadLetterHeaders, deadLetterTopic, eventHeaders } from '../topics';

export interface ExportedContracts {
  /** File name (relative) → JSON document. */
  files: Record<string, unknown>;
}

const schemaFileName = (d: EventDefinition) => `schemas/${d.type}.v${d.version}.json`;

/** The full envelope with `data` narrowed to one event version, as JSON Schema (draft 2020-12). */
export function eventJsonSchema(definition: EventDefinition): Record<string, unknown> {
  const whole = envelopeSchema.extend({
    type: z.literal(definition.type),
    schemaVersion: z.literal(definition.version),
    data: definition.schema,
  });
  return {
    $id: `urn:platform:event:${definition.type}:v${definition.version}`,
    title: `${definition.type} v${definition.version}`,
    description: definition.description,
    ...z.toJSONSchema(whole, { io: 'input', unrepresentable: 'any' }),
  };
}

/** Where the platform's topics live, as a deployment sets them (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX). */
export interface BrokerSettings {
  /** `host:port` of each bootstrap broker. */
  brokers: readonly string[];
  /** Put before every topic name, as the services do. */
  topicPrefix?: string;
}

const headerSchema = (described: Record<string, string>, required: readonly string[], fixed = {}) => ({
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(described).map(([name, description]) => [
      name,
      { type: 'string', description, ...(fixed as Record<string, object>)[name] },
    ]),
  ),
  required,
});

/**
 * An AsyncAPI 3.0 document of the platform's public events: the brokers, one channel per topic with
 * one message per event version and its headers, and each topic's dead-letter channel, where a
 * consumer parks a message it cannot handle.
 */
export function asyncApiDocument(
  definitions: readonly EventDefinition[],
  { brokers, topicPrefix = '' }: BrokerSettings,
): Record<string, unknown> {
  const topics = [...new Set(definitions.map((d) => d.topic))].sort();
  const id = (topic: string) => topic.replace(/\./g, '_');
  const messageId = (d: EventDefinition) => `${d.type}V${d.version}`;
  const parkedId = (topic: string) => `Parked_${id(topic)}`;
  const servers = Object.fromEntries(
    brokers.map((host, i) => [
      `kafka${i + 1}`,
      { host, protocol: 'kafka', description: 'A bootstrap broker of the Kafka cluster.' },
    ]),
  );
  const channels = Object.fromEntries(
    topics.flatMap((topic) => [
      [
        id(topic),
        {
          address: `${topicPrefix}${topic}`,
          description: `Events of the ${topic.split('.')[0]} context, keyed by stream id (one aggregate's events stay in order).`,
          messages: Object.fromEntries(
            definitions
              .filter((d) => d.topic === topic)
              .map((d) => [messageId(d), { $ref: `#/components/messages/${messageId(d)}` }]),
          ),
        },
      ],
      [
        id(deadLetterTopic(topic)),
        {
          address: `${topicPrefix}${deadLetterTopic(topic)}`,
          description: `Messages of ${topicPrefix}${topic} that a consumer could not handle after its retries, parked so that they do not block their partition. Operators read, fix and replay them.`,
          messages: { [parkedId(topic)]: { $ref: `#/components/messages/${parkedId(topic)}` } },
        },
      ],
    ]),
  );
  const eventMessages = definitions.map((d) => [
    messageId(d),
    {
      name: d.type,
      title: `${d.type} v${d.version}`,
      summary: d.description,
      contentType: 'application/json',
      headers: headerSchema(eventHeaders, Object.keys(eventHeaders), {
        'event-type': { const: d.type },
        'schema-version': { const: String(d.version) },
        'event-id': { format: 'uuid' },
        'log-position': { pattern: '^-?\\d+/-?\\d+$' },
      }),
      bindings: { kafka: { key: { type: 'string', description: 'the stream id, e.g. order-<uuid>' } } },
      payload: { $ref: `./${schemaFileName(d)}` },
    },
  ]);
  const parkedMessages = topics.map((topic) => [
    parkedId(topic),
    {
      name: 'ParkedMessage',
      title: `A parked message of ${topic}`,
      summary: `A message of ${topic} as it was read, with the reason it was parked.`,
      contentType: 'application/json',
      headers: headerSchema({ ...deadLetterHeaders, ...eventHeaders }, Object.keys(deadLetterHeaders)),
      bindings: { kafka: { key: { type: 'string', description: 'the original key (the stream id)' } } },
      payload: {
        description: `The original value, byte for byte: usually an event envelope of ${topic}, but it may be what made the consumer fail (not JSON, not valid against its contract). The original headers (event-id, event-type, schema-version, log-position) come with it where it had them.`,
      },
    },
  ]);
  const operations = Object.fromEntries(
    topics.flatMap((topic) => [
      [`consume_${id(topic)}`, { action: 'receive', channel: { $ref: `#/channels/${id(topic)}` } }],
      [
        `inspect_${id(deadLetterTopic(topic))}`,
        {
          action: 'receive',
          channel: { $ref: `#/channels/${id(deadLetterTopic(topic))}` },
          description: 'For operators: what failed, where, and why.',
        },
      ],
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Field-service platform events',
      version: '1.0.0',
      description:
        'Domain events published by the platform on Kafka. Each message value is a JSON event envelope; consumers must be idempotent by eventId (delivery is at least once) and ignore event types they do not know. A released event version is frozen: a breaking change is published as the next version beside it.',
    },
    servers,
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages: Object.fromEntries([...eventMessages, ...parkedMessages]) },
  };
}

export function exportContracts(
  definitions: readonly EventDefinition[],
  settings: BrokerSettings,
): ExportedContracts {
  const files: Record<string, unknown> = { 'asyncapi.json': asyncApiDocument(definitions, settings) };
  for (const definition of definitions) files[schemaFileName(definition)] = eventJsonSchema(definition);
  return { files };
}
