// Kernel tests start child processes (node + TypeScript, shells creating 17,000 files): on a busy
// 2-core machine one can take far longer than jest's 5 s default. Every wait inside is bounded.
module.exports = { ...require('../../../jest.preset.js'), displayName: 'fs-events', rootDir: __dirname, testTimeout: 60_000 };
