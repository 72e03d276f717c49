import { z } from 'zod';

/** Who caused an event: a person with a role, a partner channel, or the platform itself. */
export const actorSchema = z.object({
  kind: z.enum(['user', 'partner', 'system']),
  id: z.string().min(1),
  role: z.string().min(1).optional(),
});
export type Actor = z.infer<typeof actorSchema>;

const isoInstant = z.iso.datetime({ offset: true });

/**
 * The envelope every event travels in, in the event store, on Kafka and in projections.
 * `data` is validated separately against the schema of `type` at `schemaVersion`.
 */
export const envelopeSchema = z.object({
  eventId: z.uuid(),
  type: z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'must be a PascalCase past-tense name such as OrderPlaced'),
  schemaVersion: z.number().int().positive(),
  streamId: z.string().min(1).max(200),
  streamPosition: z.number().int().nonnegative(),
  occurredAt: isoInstant,
  recordedAt: isoInstant,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  actor: actorSchema,
  data: z.unknown(),
});

export type EventEnvelope<TType extends string = string, TData = unknown> = Omit<
  z.infer<typeof envelopeSchema>,
  'type' | 'data'
> & { type: TType; data: TData };
