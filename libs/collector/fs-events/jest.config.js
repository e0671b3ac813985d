module.exports = { ...require('../../../jest.preset.js'), displayName: 'fs-events', rootDir: __dirname };
