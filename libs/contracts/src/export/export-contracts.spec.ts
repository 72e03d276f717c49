import { Parser } from '@asyncapi/parser';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { allEvents } from '../all-events';
import { deadLetterHeaders, eventHeaders } from '../topics';
import { exportContracts } from './export-contracts';

type Schema = { properties: Record<string, { const?: unknown; description?: string }>; required: string[] };
interface AsyncApi {
  asyncapi: string;
  servers: Record<string, { host: string; protocol: string }>;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string } }>;
  components: { messages: Record<string, { headers: Schema; payload: { $ref?: string } }> };
}

describe('contract export for outside consumers (a finance or ERP team imports it)', () => {
  const settings = {
    brokers: ['kafka-a.example.net:9093', 'kafka-b.example.net:9093'],
    topicPrefix: 'prod.',
  };
  const { files } = exportContracts(allEvents, settings);
  const doc = files['asyncapi.json'] as AsyncApi;
  const addresses = Object.values(doc.channels).map((c) => c.address);

  it('writes one JSON Schema per event version, with the data fields required by the contract', () => {
    const schema = files['schemas/TechnicianAssigned.v2.json'] as {
      properties: Record<string, { required?: string[]; const?: unknown; properties?: object }>;
      required: string[];
    };
    expect(Object.keys(files).filter((f) => f.startsWith('schemas/'))).toHaveLength(allEvents.length);
    expect(schema.required).toEqual(expect.arrayContaining(['eventId', 'type', 'streamId', 'data', 'actor']));
    expect(schema.properties.type?.const).toBe('TechnicianAssigned');
    expect(schema.properties.data?.required).toEqual(['orderId', 'assignmentId', 'workerId', 'how']);
  });

  it('is a valid AsyncAPI document, as an independent parser reads it with its schema files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contracts-'));
    try {
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), JSON.stringify(content));
      }
      const source = join(dir, 'asyncapi.json');
      const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc), { source });
      // Severity 0 is an error and 1 a warning; hints (the newer 3.1 exists) do not count.
      const problems = diagnostics.filter((d) => d.severity <= 1);
      expect(problems.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
      expect(document?.channels().length).toBe(addresses.length);
      const resolved = document?.messages().get('TechnicianAssignedV2')?.payload()?.json() as Schema;
      expect(resolved.required).toContain('data');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the deployment’s brokers and topics, from the settings it was given', () => {
    expect(Object.values(doc.servers)).toEqual(
      settings.brokers.map((host) => ({ host, protocol: 'kafka', description: expect.any(String) })),
    );
    expect(addresses.every((a) => a.startsWith('prod.'))).toBe(true);
  });

  it('has each topic and its dead-letter topic, and no internal proof events', () => {
    expect(addresses.sort()).toEqual(
      ['dispatch', 'feedback', 'orders', 'workforce'].flatMap((c) => [
        `prod.${c}.events`,
        `prod.${c}.events.dlq`,
      ]),
    );
    const messages = Object.keys(doc.components.messages);
    expect(messages.filter((m) => m.startsWith('Tally'))).toEqual([]);
    expect(Object.keys(doc.channels.dispatch_events!.messages).sort()).toEqual([
      'AssignmentMovedV1',
      'CityDayPlanAcceptedV1',
      'CityDayPlanProposedV1',
      'DispatchDecidedV1',
      'DispatchDecidedV2',
      'DispatchFailedV1',
      'DispatchPolicySetV1',
      'OfferAcceptedV1',
      'OfferDeclinedV1',
      'OfferExpiredV1',
      'OfferMadeV1',
      'OfferWithdrawnV1',
      'QueueItemRaisedV1',
      'QueueItemResolvedV1',
      'SlaBreachedV1',
      'SlotReleasedV1',
      'SlotReservedV1',
      'TechnicianAssignedV1',
      'TechnicianAssignedV2',
      'TechnicianUnassignedV1',
    ]);
    for (const channel of Object.keys(doc.channels))
      expect(Object.values(doc.operations).some((o) => o.channel.$ref === `#/channels/${channel}`)).toBe(
        true,
      );
  });

  it('lists the headers of every event message, log-position included, as the forwarder writes them', () => {
    const assigned = doc.components.messages.TechnicianAssignedV2!.headers;
    expect(assigned.required.sort()).toEqual(['event-id', 'event-type', 'log-position', 'schema-version']);
    expect(assigned.properties['event-type']?.const).toBe('TechnicianAssigned');
    expect(assigned.properties['schema-version']?.const).toBe('2');
    expect(assigned.properties['log-position']?.description).toBe(eventHeaders['log-position']);
  });

  it("describes a parked message: the reason headers, the original's headers, its value as it was", () => {
    const parked = doc.channels.orders_events_dlq!.messages;
    const message = doc.components.messages[Object.keys(parked)[0]!]!;
    expect(message.headers.required.sort()).toEqual(Object.keys(deadLetterHeaders).sort());
    expect(Object.keys(message.headers.properties).sort()).toEqual(
      [...Object.keys(deadLetterHeaders), ...Object.keys(eventHeaders)].sort(),
    );
    expect(message.payload.$ref).toBeUndefined();
  });
});
