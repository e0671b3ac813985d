module.exports = { ...require('../../../jest.preset.js'), displayName: 'aggregator-domain', rootDir: __dirname };
