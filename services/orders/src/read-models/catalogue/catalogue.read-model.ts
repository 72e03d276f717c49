import type { CatalogueItemDetails, EventEnvelope } from '@platform/contracts';
import type { ReadModel } from '@platform/eventing';
import type { CatalogueItemEvent } from '../../catalogue/catalogue-item.decider';

/** A catalogue item as customers browse it and staff maintain it. */
export type CatalogueDocument = CatalogueItemDetails & {
  code: string;
  status: 'draft' | 'published' | 'retired';
  updatedAt: string;
};

/** The catalogue, one document per item code. */
export const catalogueItems: ReadModel<CatalogueDocument, 'mongo'> = {
  name: 'catalogue_docs',
  store: 'mongo',
  handles: ['CatalogueItemDrafted', 'CatalogueItemRevised', 'CatalogueItemPublished', 'CatalogueItemRetired'],
  ids: (event) => [(event.data as { code: string }).code],
  evolve(document, envelope: EventEnvelope) {
    const event = envelope as unknown as CatalogueItemEvent & EventEnvelope;
    const updatedAt = new Date(envelope.occurredAt).toISOString();
    if (event.type === 'CatalogueItemDrafted') return { ...event.data, status: 'draft', updatedAt };
    if (!document) return null;
    if (event.type === 'CatalogueItemRevised') return { ...document, ...event.data, updatedAt };
    return { ...document, status: event.type === 'CatalogueItemPublished' ? 'published' : 'retired', updatedAt };
  },
  indexes: [{ fields: { status: 1 } }],
};
