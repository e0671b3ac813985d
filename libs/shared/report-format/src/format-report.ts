import type { MonitorMessage } from '@fsmon/contracts';

/**
 * One report as a line a person reads in a terminal: when, where, which path, what happened, who
 * did it (process, pid, exe, user), how often, and the group. Deny is shouted, since it means fsmon
 * blocked something.
 */
export function formatReport(r: MonitorMessage): string {
  const where = r.container ? `container ${r.container.name || shortId(r.container.id)}` : `host ${r.host.name}`;
  const who = r.procPid > 0 ? `by ${r.procName}[${r.procPid}] ${r.procPath || '?'} user ${r.procEUser || r.procEUid}` : 'by an unidentified process (it exited before it could be read, or only inotify saw it)';
  const count = r.count > 1 ? ` ×${r.count} since ${clock(r.startAt)}` : '';
  const action = r.action === 'deny' ? 'DENIED ' : '';
  return `${clock(r.reportedAt)}  ${action}${where}  ${r.path}  ${r.msg}  ${who}${count}  [${r.group}]`;
}

function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}

function clock(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+/, '').replace(/(Z|[+-]\d\d:\d\d)$/, '');
}
