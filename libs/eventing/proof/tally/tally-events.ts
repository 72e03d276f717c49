import { z } from 'zod';
import { defineEvent } from '@platform/contracts';

/**
 * Events of the platform's proof pipeline: a tally that is opened, counted up and closed. They
 * exercise the whole path (decider, event store, Kafka, read model) before any product service
 * exists, and TallyIncremented shows how a breaking change is versioned and upcast.
 */
const topic = 'proof.events';

export const TallyOpened = defineEvent({
  type: 'TallyOpened',
  version: 1,
  topic,
  description: 'A tally was opened with a name and a ceiling it may not pass.',
  schema: z.object({
    tallyId: z.uuid(),
    name: z.string().min(1).max(100),
    ceiling: z.number().int().positive(),
  }),
});

export const TallyIncrementedV1 = defineEvent({
  type: 'TallyIncremented',
  version: 1,
  topic,
  description: 'A tally was counted up (v1, frozen: no reason recorded).',
  schema: z.object({ tallyId: z.uuid(), amount: z.number().int().positive() }),
});

export const TallyIncremented = defineEvent({
  type: 'TallyIncremented',
  version: 2,
  topic,
  description: 'A tally was counted up, with the reason given.',
  schema: z.object({ tallyId: z.uuid(), amount: z.number().int().positive(), reason: z.string().min(1) }),
  upcastFrom: {
    version: 1,
    upcast: (older) => ({ ...(older as { tallyId: string; amount: number }), reason: 'not recorded (v1)' }),
  },
});

export const TallyClosed = defineEvent({
  type: 'TallyClosed',
  version: 1,
  topic,
  description: 'A tally was closed; it accepts no more counts.',
  schema: z.object({ tallyId: z.uuid(), total: z.number().int().nonnegative() }),
});

export const tallyEvents = [TallyOpened, TallyIncrementedV1, TallyIncremented, TallyClosed];
