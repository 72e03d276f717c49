import { dispatcherQueue } from './dispatcher-queue/dispatcher-queue.read-model';
import { workerOffers } from './worker-offers/worker-offers.read-model';

/** Every read model of dispatch: each can be dropped and rebuilt from dispatch's event log. */
export const dispatchReadModels = [dispatcherQueue, workerOffers];
