module.exports = { ...require('../../../jest.preset.js'), displayName: 'ffi', rootDir: __dirname };
