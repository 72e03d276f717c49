import { z } from 'zod';

/**
 * One version of one public event. A released version is frozen: a breaking change adds a new
 * definition with `version + 1` whose `upcastFrom` turns the previous version's data into its own.
 */
export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly version: number;
  /** Kafka topic: `<producing context>.events`. */
  readonly topic: string;
  /** Partition key; the stream id by default so that one aggregate's events stay in order. */
  readonly key: 'streamId';
  readonly description: string;
  readonly schema: TSchema;
  readonly upcastFrom?: { version: number; upcast: (older: unknown) => z.input<TSchema> };
}

export type EventData<D> = D extends EventDefinition<string, infer S> ? z.infer<S> : never;

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  definition: Omit<EventDefinition<TType, TSchema>, 'key'> & { key?: 'streamId' },
): EventDefinition<TType, TSchema> {
  if (!/^[a-z][a-z-]*\.events$/.test(definition.topic)) {
    throw new Error(
      `event ${definition.type}: topic "${definition.topic}" must look like "<context>.events"`,
    );
  }
  return { key: 'streamId', ...definition };
}
