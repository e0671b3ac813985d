import fs from 'node:fs';
import path from 'node:path';

/**
 * The worker's entry, evaluated as CommonJS: loads what resolves fsmon's sources in this thread,
 * then the worker module itself. A compiled app runs with `-r <its @fsmon/* alias file>`, which the
 * worker inherits (Node passes the parent's execArgv on); from sources the TypeScript hook is
 * loaded here too, since under jest there is no `-r` to inherit.
 */
export const ENGINE_WORKER_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
for (const file of workerData.preload) require(file);
require(workerData.entry);
`;

/** Where the engine worker module is, and what its thread must load first. */
export function engineWorkerEntry(): { entry: string; preload: string[] } {
  const fromSources = path.extname(__filename) === '.ts';
  const entry = path.join(__dirname, `engine.worker${fromSources ? '.ts' : '.js'}`);
  return { entry, preload: fromSources ? [path.join(workspaceRoot(__dirname), 'bench/register-ts.js')] : [] };
}

function workspaceRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'tsconfig.base.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`engine worker: no tsconfig.base.json above ${from}`);
  }
}
