'use strict';
// Runs fsmon's TypeScript sources in plain Node, for benches:
//   node bench/<name>/run.js            (each run.js requires this file first)
//   node -r ./bench/register-ts.js x.ts
// Transpile-only (type checking is `npm run typecheck`'s job) to CommonJS, with the `@fsmon/*`
// aliases of tsconfig.base.json resolved by tsconfig-paths. Sources are compiled on each run.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const tsconfigPaths = require('tsconfig-paths');

const root = path.resolve(__dirname, '..');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
tsconfigPaths.register({ baseUrl: root, paths: compilerOptions.paths });

const options = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions: options });
  module._compile(outputText, filename);
};
