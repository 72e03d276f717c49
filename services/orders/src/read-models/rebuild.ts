import { Inject, Injectable } from '@nestjs/common';
import { EventCatalog, orderEvents } from '@platform/contracts';
import {
  EVENT_STORE,
  MONGO_CONNECTION,
  rebuildProjection,
  type EventStore,
  type Projection,
} from '@platform/eventing';
import type { Connection } from 'mongoose';
import { ContactBook } from '../contacts/contact-book';
import { catalogueProjection } from './catalogue/catalogue.read-model';
import { OrderBoardTable } from './order-board/order-board.table';
import { OrderDetailTable } from './order-detail/order-detail.table';
import { OrderFilesTable } from './order-files/order-files.table';
import { packagesProjection } from './packages/packages.read-model';

/**
 * Drops every read model of the service and replays the event log into it (ARCHITECTURE.md: any
 * read model can be rebuilt). Run with the workers stopped; they resume without doubling anything.
 */
@Injectable()
export class ReadModelRebuild {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EventCatalog) private readonly catalog: EventCatalog,
    @Inject(MONGO_CONNECTION) private readonly mongo: Connection,
    @Inject(OrderBoardTable) private readonly board: OrderBoardTable,
    @Inject(OrderDetailTable) private readonly details: OrderDetailTable,
    @Inject(OrderFilesTable) private readonly files: OrderFilesTable,
    @Inject(ContactBook) private readonly contacts: ContactBook,
  ) {}

  async run(log: (message: string) => void = console.log): Promise<number> {
    await Promise.all([this.board.truncate(), this.details.truncate(), this.files.truncate()]);
    const orderPages: Projection = {
      name: 'order board, order details and order files (PostgreSQL)',
      collections: [],
      handles: orderEvents.map((definition) => definition.type),
      apply: async (event) => {
        await this.board.apply(event, this.contacts);
        await this.details.apply(event);
        await this.files.apply(event);
      },
    };
    let applied = 0;
    for (const projection of [orderPages, catalogueProjection, packagesProjection]) {
      applied += (
        await rebuildProjection({
          projection,
          connection: this.mongo,
          store: this.store,
          catalog: this.catalog,
          log,
        })
      ).applied;
    }
    return applied;
  }
}
