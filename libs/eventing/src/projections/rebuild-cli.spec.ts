import { tallyEvents } from '../../proof/tally/tally-events';
import { EventingModule } from '../nest/eventing.module';
import { rebuildReadModelsFromCommandLine } from './rebuild-cli';

describe('rebuildReadModelsFromCommandLine', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
    jest.restoreAllMocks();
  });

  it('says why when the module cannot start, and exits non-zero', async () => {
    process.env.KAFKA_BROKERS = 'not a broker list';
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    await rebuildReadModelsFromCommandLine(
      EventingModule.forRoot({ context: 'proof', events: tallyEvents }),
      [],
    );
    expect(exit).not.toHaveBeenCalled();
    expect(printed).toHaveBeenCalledWith(
      expect.stringMatching(/^rebuild failed: invalid environment: KAFKA_BROKERS/),
    );
    expect(process.exitCode).toBe(1);
  });
});
