import type { EventData, EventEnvelope, FeatureSwitched } from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';

/** One switch of a feature: who, when and why. */
export type FeatureAuditEntry = EventData<typeof FeatureSwitched> & {
  actorId: string;
  actorRole: string | null;
  at: string;
};

/** Who switched what, when and why: one document per FeatureSwitched, never changed. */
export const featureAudit: ReadModel<FeatureAuditEntry, 'postgres'> = {
  name: 'feature_switch_audit',
  store: 'postgres',
  handles: ['FeatureSwitched'],
  ids: (event) => [event.eventId],
  evolve: (_entry, event: EventEnvelope) => ({
    ...(event.data as EventData<typeof FeatureSwitched>),
    actorId: event.actor.id,
    actorRole: event.actor.role ?? null,
    at: event.occurredAt,
  }),
  indexes: [{ fields: { branchId: 1 } }],
};
