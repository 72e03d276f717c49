import type { EventEnvelope } from '@platform/contracts';
import { applyOnce, type Projection } from '@platform/eventing';
import { Schema, type Connection, type Model } from 'mongoose';
import type { PackageEvent, PackageTerms } from '../../package/package.decider';

/** Yearly packages with the visits they have ordered so far. */
export type PackageRow = Omit<PackageTerms, 'packageId'> & {
  _id: string;
  status: 'active' | 'paused' | 'cancelled';
  visits: { visitDate: string; orderId: string }[];
  updatedAt: Date;
};

const schema = new Schema<PackageRow>(
  { _id: String },
  { collection: 'packages', versionKey: false, strict: false },
);
export const packageModel = (connection: Connection): Model<PackageRow> =>
  (connection.models.PackageRow as Model<PackageRow> | undefined) ??
  connection.model<PackageRow>('PackageRow', schema);

export const packagesProjection: Projection = {
  name: 'packages',
  collections: ['packages'],
  handles: [
    'PackageSubscribed',
    'PackageVisitOrdered',
    'PackagePaused',
    'PackageResumed',
    'PackageCancelled',
  ],
  async apply(envelope: EventEnvelope, connection: Connection) {
    const event = envelope as unknown as PackageEvent & EventEnvelope;
    const updatedAt = new Date(envelope.occurredAt);
    const { packageId } = event.data;
    const model = packageModel(connection);
    switch (event.type) {
      case 'PackageSubscribed': {
        const { packageId: _id, ...terms } = event.data;
        await applyOnce(model, packageId, envelope, {
          $set: { ...terms, status: 'active', visits: [], updatedAt },
        });
        return;
      }
      case 'PackageVisitOrdered':
        await applyOnce(model, packageId, envelope, {
          $set: { updatedAt },
          $push: { visits: { visitDate: event.data.visitDate, orderId: event.data.orderId } },
        });
        return;
      default: {
        const status = { PackagePaused: 'paused', PackageResumed: 'active', PackageCancelled: 'cancelled' }[
          event.type
        ];
        await applyOnce(model, packageId, envelope, { $set: { status, updatedAt } });
      }
    }
  },
};
