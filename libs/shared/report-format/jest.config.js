module.exports = { ...require('../../../jest.preset.js'), displayName: 'report-format', rootDir: __dirname };
