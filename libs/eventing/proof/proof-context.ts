import { tallyEvents } from './tally/tally-events';

/**
 * The proof pipeline's context name. Tests give each run its own (PROOF_CONTEXT) with its own
 * schema, database and topic prefix, so runs never see each other's data.
 */
export const proofContext = () => process.env.PROOF_CONTEXT ?? 'proof';
export const proofEvents = tallyEvents;
