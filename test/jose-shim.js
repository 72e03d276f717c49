// jose 6 ships only as an ES module; jest (CommonJS) loads it through Node's own require(esm).
module.exports = process.getBuiltinModule('node:module').createRequire(__filename)('jose');
