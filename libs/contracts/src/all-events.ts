import type { EventDefinition } from './define-event';
import { assignmentEvents } from './dispatch/assignment-events';
import { offerEvents } from './dispatch/offer-events';
import { planEvents } from './dispatch/plan-events';
import { policyEvents } from './dispatch/policy-events';
import { catalogueEvents } from './orders/catalogue-events';
import { orderEvents } from './orders/order-events';
import { packageEvents } from './orders/package-events';
import { qualityEvents } from './feedback/quality-events';
import { availabilityEvents } from './workforce/availability-events';
import { featureSettingsEvents } from './workforce/feature-settings-events';
import { organisationEvents } from './workforce/organisation-events';
import { regularWorkerEvents } from './workforce/regular-worker-events';
import { trainingEvents } from './workforce/training-events';
import { workerEvents } from './workforce/worker-events';

/**
 * Every public event of the platform, all versions; the export and the catalogue tests read it. The
 * proof pipeline's tally events are not contracts: they live with the pipeline (libs/eventing/proof).
 */
export const allEvents: readonly EventDefinition[] = [
  ...catalogueEvents,
  ...orderEvents,
  ...packageEvents,
  ...assignmentEvents,
  ...offerEvents,
  ...policyEvents,
  ...planEvents,
  ...workerEvents,
  ...availabilityEvents,
  ...organisationEvents,
  ...featureSettingsEvents,
  ...regularWorkerEvents,
  ...trainingEvents,
  ...qualityEvents,
];
