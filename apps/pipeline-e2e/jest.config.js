// Black-box pipeline tests: the apps are compiled once (globalSetup) and run as separate processes.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'pipeline-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
};
