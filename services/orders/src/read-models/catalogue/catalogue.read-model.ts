import type { CatalogueItemDetails, EventEnvelope } from '@platform/contracts';
import { applyOnce, type Projection } from '@platform/eventing';
import { Schema, type Connection, type Model } from 'mongoose';
import type { CatalogueItemEvent } from '../../catalogue/catalogue-item.decider';

/** The catalogue as customers browse it and staff maintain it. */
export type CatalogueRow = CatalogueItemDetails & {
  _id: string;
  status: 'draft' | 'published' | 'retired';
  updatedAt: Date;
};

const schema = new Schema<CatalogueRow>(
  { _id: String },
  { collection: 'catalogue_items', versionKey: false, strict: false },
);
export const catalogueModel = (connection: Connection): Model<CatalogueRow> =>
  (connection.models.CatalogueRow as Model<CatalogueRow> | undefined) ??
  connection.model<CatalogueRow>('CatalogueRow', schema);

export const catalogueProjection: Projection = {
  name: 'catalogue',
  collections: ['catalogue_items'],
  handles: ['CatalogueItemDrafted', 'CatalogueItemRevised', 'CatalogueItemPublished', 'CatalogueItemRetired'],
  async apply(envelope: EventEnvelope, connection: Connection) {
    const event = envelope as unknown as CatalogueItemEvent & EventEnvelope;
    const updatedAt = new Date(envelope.occurredAt);
    const { code, ...rest } = event.data;
    const set =
      event.type === 'CatalogueItemDrafted'
        ? { ...rest, status: 'draft', updatedAt }
        : event.type === 'CatalogueItemRevised'
          ? { ...rest, updatedAt }
          : { status: event.type === 'CatalogueItemPublished' ? 'published' : 'retired', updatedAt };
    await applyOnce(catalogueModel(connection), code, envelope, { $set: set });
  },
};
