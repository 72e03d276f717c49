import type { EventEnvelope } from '@platform/contracts';
import { Schema, type Connection } from 'mongoose';
import { applyOnce, type Projection } from '../../src/projections/projection';

/** Answers "what does each tally stand at": one document per tally. */
export interface TallyBoardRow {
  _id: string;
  name: string;
  total: number;
  increments: number;
  status: 'open' | 'closed';
  lastEventAt: string;
}

const tallyBoardSchema = new Schema<TallyBoardRow>(
  {
    _id: String,
    name: String,
    total: { type: Number, default: 0 },
    increments: { type: Number, default: 0 },
    status: String,
    lastEventAt: String,
  },
  { collection: 'tally_board', versionKey: false, strict: false },
);

export const tallyBoardModel = (connection: Connection) =>
  connection.models.TallyBoard ?? connection.model<TallyBoardRow>('TallyBoard', tallyBoardSchema);

export const tallyBoardProjection: Projection = {
  name: 'tally-board',
  collections: ['tally_board'],
  handles: ['TallyOpened', 'TallyIncremented', 'TallyClosed'],
  async apply(event: EventEnvelope, connection: Connection) {
    const model = tallyBoardModel(connection);
    const data = event.data as { tallyId: string; name?: string; amount?: number; total?: number };
    switch (event.type) {
      case 'TallyOpened':
        await applyOnce(model, data.tallyId, event, {
          $set: { name: data.name, status: 'open', lastEventAt: event.occurredAt },
        });
        break;
      case 'TallyIncremented':
        await applyOnce(model, data.tallyId, event, {
          $inc: { total: data.amount, increments: 1 },
          $set: { lastEventAt: event.occurredAt },
        });
        break;
      case 'TallyClosed':
        await applyOnce(model, data.tallyId, event, {
          $set: { status: 'closed', lastEventAt: event.occurredAt },
        });
        break;
    }
  },
};
