import type { MonitorMessage } from '@fsmon/contracts';

/** What `fsmon reports tail` keeps; every given criterion must match. */
export interface ReportCriteria {
  /** Host name or id. */
  host?: string;
  /** Container name, id or id prefix; `host` for reports about the host itself. */
  container?: string;
  /** A path (a report about it or anything below it) or a glob with `*` (any characters). */
  path?: string;
  /** A kind (`Container.FileAccess.Violation`), any dot-separated part of one (`Package`), or `deny`. */
  kind?: string;
}

export function matchesReport(r: MonitorMessage, c: ReportCriteria): boolean {
  if (c.host !== undefined && r.host.name !== c.host && r.host.id !== c.host) return false;
  if (c.container !== undefined && !matchesContainer(r, c.container)) return false;
  if (c.path !== undefined && !r.path.split(', ').some((p) => matchesPath(p, c.path as string))) return false;
  if (c.kind !== undefined && !matchesKind(r, c.kind)) return false;
  return true;
}

function matchesContainer(r: MonitorMessage, want: string): boolean {
  if (r.container === null) return want === 'host';
  return r.container.name === want || (want.length >= 6 && r.container.id.startsWith(want));
}

function matchesPath(path: string, want: string): boolean {
  if (want.includes('*')) {
    const re = new RegExp(`^${want.split('*').map(escapeRegExp).join('.*')}$`);
    return re.test(path);
  }
  const dir = want.endsWith('/') ? want : `${want}/`;
  return path === want || path.startsWith(dir);
}

function matchesKind(r: MonitorMessage, want: string): boolean {
  const w = want.toLowerCase();
  if (w === 'deny' || w === 'denied') return r.action === 'deny';
  const kind = r.kind.toLowerCase();
  return kind === w || kind.split('.').includes(w);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
