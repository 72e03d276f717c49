// Nx loads a generator with require(); on Node 20 it cannot load TypeScript itself (no type
// stripping, and the workspace has neither ts-node nor @swc-node), so tsx, which runs the services,
// compiles the generator here.
const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = tsxRequire('./generator.ts', __filename);
