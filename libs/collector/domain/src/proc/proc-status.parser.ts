import { CollectorDomainError } from '../collector-domain.error';
import { err, ok, type Result } from '../result';

export interface ProcStatus {
  readonly name: string;
  readonly pid: number;
  readonly ppid: number;
  /** Real, effective, saved and file-system uid (the `Uid:` line, in that order). */
  readonly uids: readonly [number, number, number, number];
  /** The effective uid: the second field of `Uid:`. */
  readonly euid: number;
  /** The pid in each nested pid namespace, outermost (the reader's) first; [] on old kernels. */
  readonly nspid: readonly number[];
}

const invalid = (why: string): Result<never, CollectorDomainError> => err(new CollectorDomainError('PROC_STATUS_INVALID', `/proc/<pid>/status: ${why}`));

/** The kernel escapes only `\n` and `\` in the Name line. */
function unescapeName(raw: string): string {
  return raw.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

function numbers(value: string | undefined): number[] | null {
  if (value === undefined) return null;
  const items = value.trim().split(/\s+/).filter((v) => v !== '');
  return items.every((v) => /^\d+$/.test(v)) ? items.map(Number) : null;
}

/** Parses `/proc/<pid>/status`: Name, Pid, PPid, Uid and NSpid. Name, PPid and Uid are required. */
export function parseProcStatus(content: string): Result<ProcStatus, CollectorDomainError> {
  const fields = new Map<string, string>();
  for (const line of content.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !fields.has(line.slice(0, colon))) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const name = fields.get('Name');
  if (name === undefined) return invalid('no Name line');
  const ppid = numbers(fields.get('PPid'));
  if (ppid?.length !== 1) return invalid('missing or malformed PPid line');
  const uids = numbers(fields.get('Uid'));
  if (uids?.length !== 4) return invalid('missing or malformed Uid line (need 4 ids)');
  const pid = numbers(fields.get('Pid'));
  const nspid = numbers(fields.get('NSpid')) ?? [];
  return ok({
    name: unescapeName(name.replace(/^\t/, '')),
    pid: pid?.length === 1 ? pid[0] : (nspid[0] ?? 0),
    ppid: ppid[0],
    uids: [uids[0], uids[1], uids[2], uids[3]],
    euid: uids[1],
    nspid,
  });
}
