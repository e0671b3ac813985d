// The collector as deployed: compiled JavaScript (tsc), not sources transpiled on load (which keeps
// the TypeScript compiler and every source text in the process, inflating RSS and start-up). Built
// into the bench's own directory, so a concurrent `npm run build` of dist/ cannot change what runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface BuiltCollector {
  /** `node` arguments that run it (alias resolution, then the entry point). */
  readonly nodeArgs: readonly string[];
  /** Environment it needs: where the compiled tree is, and packages from the repository's node_modules. */
  readonly env: Readonly<Record<string, string>>;
  /** Type errors tsc reported (it emits anyway); empty when clean. */
  readonly typeErrors: string;
}

/** Compiles apps/collector/src/main.ts and what it imports into `outDir`. */
export function buildCollector(outDir: string): BuiltCollector {
  const tsconfig = path.join(outDir, 'tsconfig.bench.json');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.base.json'),
      compilerOptions: { outDir, rootDir: ROOT, sourceMap: false, declaration: false, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')] },
      files: [path.join(ROOT, 'apps/collector/src/main.ts')],
      // Plain JavaScript the libraries load by path (worker scripts), which no import reaches.
      include: [path.join(ROOT, 'libs/**/src/**/*.js')],
    }),
  );
  let typeErrors = '';
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
  } catch (e) {
    typeErrors = String((e as { stdout?: Buffer }).stdout ?? e).trim();
  }
  const main = path.join(outDir, 'apps/collector/src/main.js');
  if (!fs.existsSync(main)) throw new Error(`the collector did not compile: ${typeErrors.slice(0, 2000)}`);
  return { nodeArgs: ['-r', path.join(__dirname, 'built-paths.js'), main], env: { NODE_PATH: path.join(ROOT, 'node_modules'), FSMON_BENCH_BUILD: outDir }, typeErrors };
}
