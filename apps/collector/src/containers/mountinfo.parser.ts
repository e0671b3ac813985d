/** One mount as `/proc/<pid>/mountinfo` shows it to the reader. */
export interface MountEntry {
  /** Where it is mounted, relative to the process's root (octal escapes decoded). */
  readonly mountPoint: string;
  /** The path inside its source file system that is mounted there (a bind mount's source). */
  readonly source: string;
  readonly fsType: string;
}

const unescape = (field: string): string => field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

/**
 * Parses mountinfo (proc(5)): `id parent major:minor root mountpoint options [optional...] - fstype
 * source superoptions`. The kernel lists only the mounts under the reading process's root, with
 * mount points relative to it. Malformed lines are skipped.
 */
export function parseMountinfo(content: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of content.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (fields.length < 10 || dash < 0 || dash + 1 >= fields.length) continue;
    out.push({ mountPoint: unescape(fields[4]), source: unescape(fields[3]), fsType: fields[dash + 1] });
  }
  return out;
}
