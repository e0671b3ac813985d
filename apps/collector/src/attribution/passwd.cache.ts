import { parsePasswd } from '@fsmon/collector-domain';
import fs from 'node:fs';
import { hostPathOf, type Workload } from '../containers/workload';

/** What a user-name lookup needs of a workload: its cache key and how its root is reached. */
export type PasswdWorkload = Pick<Workload, 'key' | 'rootPath'>;

interface Entry {
  users: ReadonlyMap<number, string>;
  /** `<mtimeMs>:<size>:<ino>` of the file parsed, '' when it could not be read. */
  version: string;
  checkedAt: number;
}

/**
 * User names from each workload's own /etc/passwd (a uid means another user in each container).
 * Parsed once per workload, re-read when the file changed: checked by stat at most every
 * `recheckMs`, and at once after `invalidate` (the pipeline calls it when /etc/passwd was written).
 */
export class PasswdCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly recheckMs = 2000) {}

  /** The user name of `uid` in `workload`, or '' when its passwd has none. */
  userName(workload: PasswdWorkload, uid: number, now: number): string {
    if (uid < 0) return '';
    let entry = this.entries.get(workload.key);
    if (entry === undefined || now - entry.checkedAt >= this.recheckMs) entry = this.load(workload, entry, now);
    return entry.users.get(uid) ?? '';
  }

  invalidate(workloadKey: string): void {
    const entry = this.entries.get(workloadKey);
    if (entry !== undefined) entry.checkedAt = -Infinity;
  }

  forget(workloadKey: string): void {
    this.entries.delete(workloadKey);
  }

  private load(workload: PasswdWorkload, previous: Entry | undefined, now: number): Entry {
    const file = hostPathOf(workload, '/etc/passwd');
    let version = '';
    try {
      const st = fs.statSync(file);
      version = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      version = '';
    }
    if (previous !== undefined && previous.version === version) {
      previous.checkedAt = now;
      return previous;
    }
    let users: ReadonlyMap<number, string> = new Map();
    try {
      users = parsePasswd(fs.readFileSync(file, 'utf8')).users;
    } catch {
      version = '';
    }
    const entry = { users, version, checkedAt: now };
    this.entries.set(workload.key, entry);
    return entry;
  }
}
