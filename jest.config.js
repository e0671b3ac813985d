// The whole suite: every project that has a jest.config.js under apps/ or libs/.
const fs = require('node:fs');
const path = require('node:path');

function findConfigs(dir, depth) {
  if (depth < 0 || !fs.existsSync(dir)) return [];
  const here = path.join(dir, 'jest.config.js');
  if (dir !== __dirname && fs.existsSync(here)) return [here];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'node_modules' && !d.name.startsWith('.'))
    .flatMap((d) => findConfigs(path.join(dir, d.name), depth - 1));
}

module.exports = {
  // Global in multi-project mode (a project's own testTimeout is ignored there). Every wait in a
  // test is bounded by its own, shorter timeout; this is the backstop.
  testTimeout: 30_000,
  projects: [
    ...findConfigs(path.join(__dirname, 'apps'), 2),
    ...findConfigs(path.join(__dirname, 'libs'), 3),
    ...findConfigs(path.join(__dirname, 'tools'), 2),
  ],
};
