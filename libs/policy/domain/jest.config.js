module.exports = { ...require('../../../jest.preset.js'), displayName: 'policy-domain', rootDir: __dirname };
