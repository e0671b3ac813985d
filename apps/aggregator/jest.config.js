module.exports = { ...require('../../jest.preset.js'), displayName: 'aggregator', rootDir: __dirname };
