import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK = 'lock';
const held = new Set<string>();

/**
 * Claims the spool directory for this process: a `lock` file holding the pid. A lock left by a
 * process that is gone (or by an earlier run with the same pid, as pid 1 in a container) is
 * taken over. Pids cannot be compared across PID namespaces, so two containers sharing one
 * directory are not detected.
 * @throws Error naming the holder when a live process (or this one) holds it.
 */
export function lockSpool(dir: string): void {
  const path = join(dir, LOCK);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      held.add(dir);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
    }
    const pid = Number(readFileSync(path, 'utf8'));
    if (held.has(dir)) throw new Error('already open in this process');
    if (pid !== process.pid && isAlive(pid)) throw new Error(`in use by process ${pid}`);
    unlinkSync(path);
  }
}

export function unlockSpool(dir: string): void {
  if (!held.delete(dir)) return;
  unlinkSync(join(dir, LOCK));
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
