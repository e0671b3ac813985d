'use strict';
// Runs fsmon's TypeScript sources in plain Node, for benches and the tests that spawn apps:
//   node bench/<name>/run.js            (each run.js requires this file first)
//   node -r ./bench/register-ts.js x.ts
// Transpile-only (type checking is `npm run typecheck`'s job) to CommonJS, with the `@fsmon/*`
// aliases of tsconfig.base.json resolved by tsconfig-paths.
//
// Transpiled files are cached on disk by content (never pruned: delete the directory to reclaim
// it), and the TypeScript compiler is loaded only on a miss. Every thread that loads sources (the
// aggregator's engine workers are started with this file) would otherwise load and run the
// compiler itself, which the built app never does: in the aggregator bench V8 optimized 459
// functions per round, most of them the compiler's, against 158 with the cache; loading the
// aggregator's app module from sources takes 0.32 s instead of 1.25 s.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');

const root = path.resolve(__dirname, '..');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
tsconfigPaths.register({ baseUrl: root, paths: compilerOptions.paths });

const cacheDir = path.join(root, 'node_modules/.cache/fsmon-register-ts');
// A new compiler or new options make new keys (the option names are the compiler's enums' keys).
const typescriptVersion = require('typescript/package.json').version;
const optionNames = { module: 'CommonJS', target: 'ES2022' };
const flags = { esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true, inlineSourceMap: true };
const salt = JSON.stringify([typescriptVersion, optionNames, flags]);

let ts;
function transpile(source, filename) {
  ts ??= require('typescript');
  const options = { ...flags, module: ts.ModuleKind[optionNames.module], target: ts.ScriptTarget[optionNames.target] };
  return ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText;
}

function cached(source, filename) {
  const key = crypto.createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(source).digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const output = transpile(source, filename);
    try {
      // Written aside and renamed: another thread or process may be reading or writing the same key.
      fs.mkdirSync(cacheDir, { recursive: true });
      const aside = `${file}.${process.pid}.${require('node:worker_threads').threadId}.tmp`;
      fs.writeFileSync(aside, output);
      fs.renameSync(aside, file);
    } catch {
      // A cache that cannot be written only costs time.
    }
    return output;
  }
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(cached(fs.readFileSync(filename, 'utf8'), filename), filename);
};
