// Levels, named in the file: `*.spec.ts` are pure (no server); `*.int-spec.ts` (and `*.e2e-spec.ts`, through the gateway) talk to real
// PostgreSQL, Kafka and a MongoDB-compatible server that test/global-setup.ts makes available.
const { pathsToModuleNameMapper } = require('./test/paths');
const common = {
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: { ...pathsToModuleNameMapper(), '^jose$': '<rootDir>/test/jose-shim.js' },
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/gateway', '<rootDir>/test', '<rootDir>/apps/console/src'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration-timeout.ts'],
    },
  ],
};
