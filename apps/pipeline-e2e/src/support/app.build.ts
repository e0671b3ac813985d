// Used by jest's globalSetup too: node built-ins only (no `@fsmon/*` alias resolution there).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** Set by the e2e project's globalSetup: the compiled tree every spec of the run shares. */
export const BUILD_ENV = 'FSMON_E2E_BUILD_DIR';

/** A compiled tree of the apps and the `-r` file that resolves `@fsmon/*` inside it. */
export interface AppBuild {
  readonly root: string;
  readonly register: string;
  main(app: string): string;
  remove(): void;
}

function appBuild(root: string): AppBuild {
  return {
    root,
    register: path.join(root, 'register-paths.js'),
    main: (app) => path.join(root, 'dist/apps', app, 'src/main.js'),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * Compiles the apps (`tsc -p tsconfig.build.json`, what `npm run build` does) into a private
 * directory below the repository's tmp/ (gitignored): node_modules and package.json resolve from
 * there, and a parallel `npm run build` into dist/ cannot swap files under a running test. The
 * `-r` file does for this tree what tools/register-dist-paths.js does for dist/.
 */
export async function buildApps(timeoutMs = 240_000): Promise<AppBuild> {
  fs.mkdirSync(path.join(REPO_ROOT, 'tmp'), { recursive: true });
  const build = appBuild(fs.mkdtempSync(path.join(REPO_ROOT, 'tmp', 'e2e-build-')));
  const outDir = path.join(build.root, 'dist');
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: REPO_ROOT, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
        error === null ? resolve() : reject(new Error(`building the apps failed (${error.message}):\n${stdout.slice(-3000)}${stderr.slice(-2000)}`)),
      ),
    );
  } catch (e) {
    build.remove();
    throw e;
  }
  fs.writeFileSync(
    build.register,
    `// Resolves @fsmon/* inside ${outDir} (written by apps/pipeline-e2e/src/support/app.build.ts).
const { compilerOptions } = require(${JSON.stringify(path.join(REPO_ROOT, 'tsconfig.base.json'))});
const paths = Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, [target.replace(/\\.ts$/, '.js')]]));
require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules/tsconfig-paths'))}).register({ baseUrl: ${JSON.stringify(outDir)}, paths, addMatchAll: false });
`,
  );
  return build;
}

/** The run's shared build (globalSetup) when there is one; otherwise null. */
export function sharedBuild(): AppBuild | null {
  const root = process.env[BUILD_ENV];
  return root && fs.existsSync(path.join(root, 'register-paths.js')) ? appBuild(root) : null;
}
