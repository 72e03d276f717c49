import type { EventDefinition } from './define-event';
import { tallyEvents } from './proof/tally-events';

/** Every public event of the platform, all versions; the export and the catalogue tests read it. */
export const allEvents: readonly EventDefinition[] = [...tallyEvents];
