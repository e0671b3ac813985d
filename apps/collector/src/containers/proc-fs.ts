import fs from 'node:fs';

// Synchronous /proc and root-file reads for the collector. /proc reads are a few microseconds and
// never block on disk; every failure (gone, denied, not a link) is `null`, never a throw.

/** The content of a small file, or null. */
export function readText(path: string): string | null {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The target of a symlink (including /proc magic links), or null. */
export function readLink(path: string): string | null {
  try {
    return fs.readlinkSync(path);
  } catch {
    return null;
  }
}

/** `<dev>:<ino>` of what `path` resolves to (links followed), or null. */
export function inodeKey(path: string): string | null {
  try {
    const st = fs.statSync(path, { bigint: false });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/** The numeric entries of a /proc directory (the pids), or [] when it cannot be read. */
export function listPids(procDir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(procDir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return pids;
}
