import 'reflect-metadata';
import { rebuildReadModelsFromCommandLine } from '../src/projections/rebuild-cli';
import { proofEventing } from './proof-context';

// `npm run proof:rebuild`: drops the tally board and replays the proof's event log into it.
// Stop the consumer process first (`npm run proof` stops it on Ctrl-C).
void rebuildReadModelsFromCommandLine(proofEventing({ forward: false, consume: false }));
