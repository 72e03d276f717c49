import type { EventDefinition } from './define-event';
import { assignmentEvents } from './dispatch/assignment-events';
import { catalogueEvents } from './orders/catalogue-events';
import { orderEvents } from './orders/order-events';
import { packageEvents } from './orders/package-events';
import { tallyEvents } from './proof/tally-events';
import { workerEvents } from './workforce/worker-events';

/** Every public event of the platform, all versions; the export and the catalogue tests read it. */
export const allEvents: readonly EventDefinition[] = [
  ...tallyEvents,
  ...catalogueEvents,
  ...orderEvents,
  ...packageEvents,
  ...assignmentEvents,
  ...workerEvents,
];
