import { EventingModule } from '../src/nest/eventing.module';
import { tallyBoard } from './tally-board/tally-board.projection';
import { tallyEvents } from './tally/tally-events';

/** The proof pipeline's context: its events' topic, `proof.events`, is its own, so the board rebuilds from its log. */
export const PROOF_CONTEXT = 'proof';

/**
 * The schema and database of this run. Tests and the benchmark give each run its own
 * (PROOF_STORAGE) and their own topic prefix, so runs never see each other's data.
 */
export const proofStorage = () => process.env.PROOF_STORAGE ?? PROOF_CONTEXT;

/**
 * The platform as every proof process wires it: the tally's events and the tally board. The
 * forwarder process forwards, the consumer process consumes, and the runner, the spec and the
 * rebuild do neither (they append commands and read or rebuild the board).
 */
export const proofEventing = (options: { forward: boolean; consume: boolean; storage?: string }) =>
  EventingModule.forRoot({
    context: PROOF_CONTEXT,
    storage: options.storage ?? proofStorage(),
    events: tallyEvents,
    readModels: [tallyBoard],
    forward: options.forward,
    consume: options.consume,
  });
