module.exports = { ...require('../../../jest.preset.js'), displayName: 'collector-domain', rootDir: __dirname };
