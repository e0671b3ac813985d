// Makes `@fsmon/*` imports resolve inside the compiled tree (dist/), using the same alias table as
// the TypeScript sources (tsconfig.base.json), so there is one list of aliases.
// Usage: node -r ./tools/register-dist-paths.js dist/apps/<app>/src/main.js
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../tsconfig.base.json');

const dist = path.join(__dirname, '..', 'dist');
const paths = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, [target.replace(/\.ts$/, '.js')]]),
);
tsconfigPaths.register({ baseUrl: dist, paths, addMatchAll: false });
