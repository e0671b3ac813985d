module.exports = { ...require('../../jest.preset.js'), displayName: 'main-job', rootDir: __dirname };
