import { CollectorDomainError } from '../collector-domain.error';
import { err, ok, type Result } from '../result';

export interface ProcStat {
  readonly pid: number;
  /** The command name as the kernel stores it (up to 15 bytes; may hold spaces and parentheses). */
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  /** Field 22: start time in clock ticks since boot; with the pid it identifies a process. */
  readonly startTime: number;
}

const invalid = (why: string): Result<never, CollectorDomainError> => err(new CollectorDomainError('PROC_STAT_INVALID', `/proc/<pid>/stat: ${why}`));
const UINT = /^\d+$/;

/**
 * Parses `/proc/<pid>/stat`. The comm is everything between the first `(` and the **last** `)`,
 * since a name like `a) (b` contains both; the numbered fields are counted after that `)`.
 */
export function parseProcStat(content: string): Result<ProcStat, CollectorDomainError> {
  const open = content.indexOf('(');
  const close = content.lastIndexOf(')');
  if (open < 0 || close < open) return invalid('no "(comm)" field');
  const pidText = content.slice(0, open).trim();
  // After ")": field 3 (state) is at index 0, so field n is at index n - 3.
  const fields = content.slice(close + 1).trim().split(/\s+/);
  if (fields.length < 20) return invalid(`only ${fields.length + 2} fields, need at least 22`);
  const [state, ppidText] = fields;
  const startText = fields[22 - 3];
  if (!UINT.test(pidText) || !UINT.test(ppidText) || !UINT.test(startText)) {
    return invalid(`non-numeric pid, ppid or starttime (${pidText}, ${ppidText}, ${startText})`);
  }
  return ok({ pid: Number(pidText), comm: content.slice(open + 1, close), state, ppid: Number(ppidText), startTime: Number(startText) });
}
