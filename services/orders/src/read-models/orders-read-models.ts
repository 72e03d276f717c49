import type { ReadModel } from '@platform/eventing';
import { catalogueItems } from './catalogue/catalogue.read-model';
import { offers, workerStations } from './involvement/order-involvement';
import { orderBoard } from './order-board/order-board.read-model';
import { orderDetail } from './order-detail/order-detail.read-model';
import { orderFiles } from './order-files/order-files.read-model';
import { yearlyPackages } from './packages/packages.read-model';

/**
 * The read models fed by the orders log, in the order each event is applied to them: the board
 * before the detail, because a mutation waits for the detail and then reads the board.
 */
export const ownReadModels: readonly ReadModel<object>[] = [
  orderBoard,
  orderDetail,
  orderFiles,
  catalogueItems,
  yearlyPackages,
];

/** Fed by workforce's and dispatch's topics: rebuilt by replaying those, not the orders log. */
export const involvementReadModels = [workerStations, offers];

export const ordersReadModels = [...ownReadModels, ...involvementReadModels];
