'use strict';
// `node -r` hook for the bench's compiled collector: resolves the `@fsmon/*` aliases of
// tsconfig.base.json inside the compiled tree FSMON_BENCH_BUILD (see build.ts), as
// tools/register-dist-paths.js does for dist/. Worker threads load it too (it is in their
// execArgv), hence the environment rather than the entry point's path.
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../../tsconfig.base.json');

const outDir = process.env.FSMON_BENCH_BUILD;
if (!outDir) throw new Error('built-paths.js: FSMON_BENCH_BUILD (the compiled tree) is not set');
const paths = Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, [target.replace(/\.ts$/, '.js')]]));
tsconfigPaths.register({ baseUrl: outDir, paths, addMatchAll: false });
