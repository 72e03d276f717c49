// Stryker judges each mutant by the pure specs (the `unit` project of the root jest.config.js) that
// sit in the folders of the mutated code: a library's own specs, a decider's spec. Jest then runs
// those that import the mutated file. Loading a spec costs most of a mutant's time, so the wider
// specs (through NestJS, a whole generated city) would multiply the run without saying more about
// the module; a module they alone cover shows up as a survivor, asking for a spec of its own.
const path = require('node:path');
const { projects } = require('../../jest.config');

const unit = projects.find((project) => project.displayName === 'unit');
// bench/mutation/run.ts passes a `--mutate` given on the command line in MUTATE_GLOBS.
const mutate = process.env.MUTATE_GLOBS
  ? process.env.MUTATE_GLOBS.split(',')
  : require('../../stryker.config.json').mutate;
const specFolders = mutate
  .filter((glob) => !glob.startsWith('!'))
  .map((glob) => `<rootDir>/${path.posix.dirname(glob.replace(/:\d+(-\d+)?$/, ''))}/*.spec.ts`);

module.exports = {
  ...unit,
  rootDir: path.join(__dirname, '..', '..'),
  roots: ['<rootDir>/libs', '<rootDir>/services'],
  testMatch: [...new Set(specFolders)],
  // It proves the worker index equal to a scan of a generated city (seconds a run), not the rules;
  // hard-rules.spec.ts and ranking.spec.ts judge the rules' mutants.
  testPathIgnorePatterns: ['/node_modules/', '/matching/domain/worker-index\\.spec\\.ts$'],
};
