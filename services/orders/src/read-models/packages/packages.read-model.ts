import type { EventEnvelope } from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';
import type { PackageEvent, PackageTerms } from '../../package/package.decider';

/** A yearly package with the visits it has ordered so far. */
export type PackageDocument = PackageTerms & {
  status: 'active' | 'paused' | 'cancelled';
  visits: { visitDate: string; orderId: string }[];
  updatedAt: string;
};

const statusAfter = { PackagePaused: 'paused', PackageResumed: 'active', PackageCancelled: 'cancelled' } as const;

/** Yearly packages, one document per package. */
export const yearlyPackages: ReadModel<PackageDocument, 'mongo'> = {
  name: 'package_docs',
  store: 'mongo',
  handles: ['PackageSubscribed', 'PackageVisitOrdered', ...Object.keys(statusAfter)],
  ids: (event) => [(event.data as { packageId: string }).packageId],
  evolve(document, envelope: EventEnvelope) {
    const event = envelope as unknown as PackageEvent & EventEnvelope;
    const updatedAt = new Date(envelope.occurredAt).toISOString();
    if (event.type === 'PackageSubscribed') return { ...event.data, status: 'active', visits: [], updatedAt };
    if (!document) return null;
    if (event.type === 'PackageVisitOrdered') {
      const { visitDate, orderId } = event.data;
      return { ...document, visits: [...document.visits, { visitDate, orderId }], updatedAt };
    }
    return { ...document, status: statusAfter[event.type], updatedAt };
  },
  indexes: [{ fields: { customerId: 1 } }, { fields: { branchId: 1 } }],
};
