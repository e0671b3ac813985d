import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One row of the kernel's TCP socket tables (/proc/net/tcp, /proc/net/tcp6). */
export interface TcpSocket {
  /** `ADDR:PORT` in the kernel's hex notation, as in the table. */
  local: string;
  remote: string;
  localPort: number;
  established: boolean;
  inode: number;
}

const ESTABLISHED = '01';

/** Every TCP socket of this network namespace, IPv4 and IPv6. */
export function tcpSockets(): TcpSocket[] {
  const sockets: TcpSocket[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      sockets.push({ local: f[1], remote: f[2], localPort: hexPort(f[1]), established: f[3] === ESTABLISHED, inode: Number(f[9]) });
    }
  }
  return sockets;
}

/** Inodes of the sockets process `pid` has open (from its fd table). */
export function socketInodesOf(pid: number): Set<number> {
  const inodes = new Set<number>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(Number(m[1]));
    } catch {
      // the fd closed while the table was read
    }
  }
  return inodes;
}

/** For each socket inode, the processes that have it open (`pid N (comm)`), from every /proc/<pid>/fd. */
export function socketOwners(inodes: ReadonlySet<number>): Map<number, string[]> {
  const owners = new Map<number, string[]>();
  if (inodes.size === 0) return owners;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const mine = [...socketInodesOf(pid)].filter((i) => inodes.has(i));
    if (mine.length === 0) continue;
    let comm = '?';
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      // exited meanwhile
    }
    for (const i of mine) owners.set(i, [...(owners.get(i) ?? []), `pid ${pid} (${comm})`]);
  }
  return owners;
}

function hexPort(address: string): number {
  return parseInt(address.slice(address.lastIndexOf(':') + 1), 16);
}
