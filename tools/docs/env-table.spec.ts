import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The README's configuration table is generated from the apps' env schemas; this keeps it true.
describe('README configuration table', () => {
  it('lists every variable the apps and the main job read, with the defaults they really have', () => {
    const run = spawnSync(process.execPath, [join(__dirname, 'env-table.js'), '--check'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
