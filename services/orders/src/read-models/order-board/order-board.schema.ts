import { Schema, type Connection, type Model } from 'mongoose';

/** One row per order on the dispatcher's board: small, indexed for its filters. */
export interface OrderBoardRow {
  _id: string;
  status: string;
  channel: string;
  channelOrderId: string | null;
  branchId: string;
  city: string;
  district: string;
  itemCode: string;
  itemName: { zh: string; en: string };
  category: string;
  line: string;
  customerId: string;
  contactId: string;
  customerName: string;
  phoneLast4: string;
  appointmentStart: Date;
  appointmentEnd: Date;
  workerId: string | null;
  workerName: string | null;
  packageId: string | null;
  placedAt: Date;
  updatedAt: Date;
}

const schema = new Schema<OrderBoardRow>(
  {
    _id: String,
    status: String,
    channel: String,
    channelOrderId: String,
    branchId: String,
    city: String,
    district: String,
    itemCode: String,
    itemName: { zh: String, en: String },
    category: String,
    line: String,
    customerId: String,
    contactId: String,
    customerName: String,
    phoneLast4: String,
    appointmentStart: Date,
    appointmentEnd: Date,
    workerId: String,
    workerName: String,
    packageId: String,
    placedAt: Date,
    updatedAt: Date,
  },
  { collection: 'order_board', versionKey: false, strict: false },
);
schema.index({ branchId: 1, status: 1, appointmentStart: 1 });
schema.index({ customerId: 1, appointmentStart: -1 });
schema.index({ workerId: 1, appointmentStart: 1 });
schema.index({ phoneLast4: 1 });

export const orderBoardModel = (connection: Connection): Model<OrderBoardRow> =>
  (connection.models.OrderBoardRow as Model<OrderBoardRow> | undefined) ??
  connection.model<OrderBoardRow>('OrderBoardRow', schema);
