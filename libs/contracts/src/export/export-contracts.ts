import { z } from 'zod';
import type { EventDefinition } from '../define-event';
import { envelopeSchema } from '../envelope';
import { deadLetterTopic } from '../topics';

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

/** An AsyncAPI 3.0 document: one channel per topic, one message per event version. */
export function asyncApiDocument(definitions: readonly EventDefinition[]): Record<string, unknown> {
  const topics = [...new Set(definitions.map((d) => d.topic))].sort();
  const messageId = (d: EventDefinition) => `${d.type}V${d.version}`;
  const channels = Object.fromEntries(
    topics.map((topic) => [
      topic.replace(/\./g, '_'),
      {
        address: topic,
        description: `Events of the ${topic.split('.')[0]} context, keyed by stream id (one aggregate's events stay in order). Poison messages a consumer cannot handle go to ${deadLetterTopic(topic)}.`,
        messages: Object.fromEntries(
          definitions
            .filter((d) => d.topic === topic)
            .map((d) => [messageId(d), { $ref: `#/components/messages/${messageId(d)}` }]),
        ),
      },
    ]),
  );
  const messages = Object.fromEntries(
    definitions.map((d) => [
      messageId(d),
      {
        name: d.type,
        title: `${d.type} v${d.version}`,
        summary: d.description,
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            'event-type': { type: 'string', const: d.type },
            'schema-version': { type: 'string', const: String(d.version) },
            'event-id': { type: 'string', format: 'uuid' },
          },
        },
        bindings: { kafka: { key: { type: 'string', description: 'the stream id, e.g. order-<uuid>' } } },
        payload: { $ref: `./${schemaFileName(d)}` },
      },
    ]),
  );
  const operations = Object.fromEntries(
    topics.map((topic) => [
      `consume_${topic.replace(/\./g, '_')}`,
      { action: 'receive', channel: { $ref: `#/channels/${topic.replace(/\./g, '_')}` } },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Field-service platform events',
      version: '1.0.0',
      description:
        'Domain events published by the platform on Kafka. Each message value is a JSON event envelope; consumers must be idempotent by eventId (delivery is at least once) and ignore event types they do not know.',
    },
    channels,
    operations,
    components: { messages },
  };
}

export function exportContracts(definitions: readonly EventDefinition[]): ExportedContracts {
  const files: Record<string, unknown> = { 'asyncapi.json': asyncApiDocument(definitions) };
  for (const definition of definitions) files[schemaFileName(definition)] = eventJsonSchema(definition);
  return { files };
}
