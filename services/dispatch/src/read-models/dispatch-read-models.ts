import { cityDayPlans } from './city-day-plans/city-day-plans.read-model';
import { decisions } from './decisions/decisions.read-model';
import { dispatchOutcomes } from './dispatch-stats/dispatch-outcomes.read-model';
import { dispatcherQueue } from './dispatcher-queue/dispatcher-queue.read-model';
import { workerOffers } from './worker-offers/worker-offers.read-model';

/**
 * Every read model of dispatch: each can be dropped and rebuilt from dispatch's event log. The
 * decisions' full provenance and the plans' assignments are records beside them (ADR 0012).
 */
export const dispatchReadModels = [dispatcherQueue, workerOffers, cityDayPlans, decisions, dispatchOutcomes];
