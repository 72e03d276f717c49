import type { EventDefinition } from './define-event';
import { envelopeSchema, type EventEnvelope } from './envelope';
import { ContractViolation } from './validation-error';

/**
 * The events a process knows, by type and version. Producers validate before an event is written
 * or published; consumers validate and upcast what they read, so every handler sees the latest
 * version of an event and never a malformed one.
 */
export class EventCatalog {
  private readonly byType = new Map<string, Map<number, EventDefinition>>();

  constructor(definitions: readonly EventDefinition[]) {
    for (const definition of definitions) {
      const versions = this.byType.get(definition.type) ?? new Map<number, EventDefinition>();
      if (versions.has(definition.version)) {
        throw new Error(`event ${definition.type} v${definition.version} is defined twice`);
      }
      versions.set(definition.version, definition);
      this.byType.set(definition.type, versions);
    }
    for (const [type, versions] of this.byType) {
      for (const definition of versions.values()) {
        const from = definition.upcastFrom?.version;
        if (from !== undefined && !versions.has(from)) {
          throw new Error(`event ${type} v${definition.version} upcasts from v${from}, which is not defined`);
        }
      }
    }
  }

  definitions(): EventDefinition[] {
    return [...this.byType.values()].flatMap((versions) => [...versions.values()]);
  }

  latest(type: string): EventDefinition | undefined {
    const versions = this.byType.get(type);
    if (!versions) return undefined;
    return versions.get(Math.max(...versions.keys()));
  }

  knows(type: string): boolean {
    return this.byType.has(type);
  }

  /** Checks an event about to be stored or published: known type, latest version, valid data. */
  validateForWrite<T extends EventEnvelope>(event: T): T {
    const subject = `event ${event.type ?? '(no type)'}`;
    const envelope = envelopeSchema.safeParse(event);
    if (!envelope.success) throw ContractViolation.fromZod(subject, envelope.error);
    const definition = this.latest(event.type);
    if (!definition) throw new ContractViolation(subject, [{ field: 'type', reason: 'unknown event type' }]);
    if (event.schemaVersion !== definition.version) {
      throw new ContractViolation(subject, [
        {
          field: 'schemaVersion',
          reason: `new events must be written at the latest version v${definition.version}, got v${event.schemaVersion}`,
        },
      ]);
    }
    const data = definition.schema.safeParse(event.data);
    if (!data.success) throw ContractViolation.fromZod(subject, data.error, 'data');
    return { ...event, data: data.data };
  }

  /**
   * Checks an event read from a store or a topic and brings it to the latest version.
   * Returns undefined for a type this process does not know: consumers skip such events.
   */
  read(raw: unknown): EventEnvelope | undefined {
    const envelope = envelopeSchema.safeParse(raw);
    if (!envelope.success) throw ContractViolation.fromZod('event envelope', envelope.error);
    const event = envelope.data;
    const versions = this.byType.get(event.type);
    if (!versions) return undefined;
    let definition = versions.get(event.schemaVersion);
    const subject = `event ${event.type} v${event.schemaVersion}`;
    if (!definition) {
      throw new ContractViolation(subject, [
        { field: 'schemaVersion', reason: 'unknown version of this event' },
      ]);
    }
    const parsed = definition.schema.safeParse(event.data);
    if (!parsed.success) throw ContractViolation.fromZod(subject, parsed.error, 'data');
    let data: unknown = parsed.data;
    const latest = this.latest(event.type)!;
    while (definition.version < latest.version) {
      const next = [...versions.values()].find((d) => d.upcastFrom?.version === definition!.version);
      if (!next) {
        throw new ContractViolation(subject, [
          {
            field: 'schemaVersion',
            reason: `no upcaster from v${definition.version} towards v${latest.version}`,
          },
        ]);
      }
      const upcast = next.schema.safeParse(next.upcastFrom!.upcast(data));
      if (!upcast.success)
        throw ContractViolation.fromZod(`${subject} upcast to v${next.version}`, upcast.error, 'data');
      data = upcast.data;
      definition = next;
    }
    return { ...event, schemaVersion: definition.version, data };
  }
}
