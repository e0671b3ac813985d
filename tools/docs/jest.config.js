module.exports = { ...require('../../jest.preset.js'), displayName: 'docs-checks', rootDir: __dirname, testMatch: ['<rootDir>/**/*.spec.ts'] };
