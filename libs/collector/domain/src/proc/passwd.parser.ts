export interface PasswdUsers {
  /** uid → user name; the first line for a uid wins (as getpwuid does). */
  readonly users: ReadonlyMap<number, string>;
  /** Lines that are neither blank, comments nor `name:x:uid:...` entries (NIS `+`/`-` included). */
  readonly skipped: number;
}

/** Parses a container's own `/etc/passwd` content into a uid → name map. */
export function parsePasswd(content: string): PasswdUsers {
  const users = new Map<number, string>();
  let skipped = 0;
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [name, , uidText] = line.split(':');
    if (name === '' || name.startsWith('+') || name.startsWith('-') || uidText === undefined || !/^\d+$/.test(uidText)) {
      skipped += 1;
      continue;
    }
    const uid = Number(uidText);
    if (!users.has(uid)) users.set(uid, name);
  }
  return { users, skipped };
}
