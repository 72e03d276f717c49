// Maps the tsconfig path aliases for jest, so tests import libs exactly as services do.
const { compilerOptions } = require('../tsconfig.base.json');
const path = require('node:path');

exports.pathsToModuleNameMapper = () =>
  Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
      `^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`,
      path.join(__dirname, '..', target),
    ]),
  );
