import type { MonitorMessage } from '@fsmon/contracts';
import type { Aggregate } from './aggregate';
import type { FileMessage } from './file-message';
import { messageKey, programId, programKey } from './report-key';
import type { ParsedPosition } from './source-position';
import { isStale, type WindowEngine } from './window.engine';

/**
 * The grouping rules of fsmon-behaviour §4.7, with the §8.16 fixes. Each message goes to exactly
 * one window; the rules, in order:
 * 1. Package: while a container's package window lives it absorbs the container's messages; a
 *    package message (database path or package-manager process) opens one, absorbing the
 *    container's live windows. Denied accesses are never absorbed: they stay their own reports.
 * 2. With a process: its program's window in the container (same group and action) takes it, so a
 *    program on several paths yields one report listing them; a different program on the same key
 *    gets its own aggregate (and its own immediate report) instead of overwriting. An inotify-only
 *    window on the same key is upgraded: it gets the process and flushes quickly.
 * 3. Without a process: a window created for the same key counts it if it is inotify-only, or
 *    takes it uncounted if a process already counted that change; same for a process window that
 *    lists the path. Otherwise it opens a held inotify-only window.
 */
export class GroupingRules {
  constructor(private readonly w: WindowEngine) {}

  route(m: FileMessage, pos: ParsedPosition, out: MonitorMessage[]): void {
    if (m.action === 'violate') {
      const pkg = this.w.live(this.w.store.packageOf(m.containerKey), m, pos, out);
      if (pkg !== undefined) {
        this.w.join(pkg, m, pos, out, true);
        pkg.proc ??= m.proc;
        return;
      }
      if (m.package) return this.openPackage(m, pos, out);
    }
    if (m.proc === null) this.routeWithoutProcess(m, pos, out);
    else this.routeWithProcess(m, m.proc, pos, out);
  }

  private openPackage(m: FileMessage, pos: ParsedPosition, out: MonitorMessage[]): void {
    const { store, config } = this.w;
    const pkg = this.w.create('package', `${m.containerKey}\u0000package`, m, pos, out);
    for (const other of store.inContainer(m.containerKey)) {
      if (other.action !== 'violate') continue;
      if (!isStale(other, m) && pkg.fits(other.paths, config.maxPathsPerReport, config.maxPathChars)) {
        store.remove(other);
        pkg.absorb(other);
      } else {
        this.w.close(other, out);
      }
    }
    this.w.counters.packageWindows++;
    this.w.register(pkg, out);
  }

  private routeWithProcess(m: FileMessage, proc: NonNullable<FileMessage['proc']>, pos: ParsedPosition, out: MonitorMessage[]): void {
    const { store, counters } = this.w;
    const id = programId(proc);
    const mine = this.w.live(store.program(m.containerKey, id, m.group, m.action), m, pos, out);
    const held = this.heldInotify(m, pos, out);
    if (held !== undefined && mine !== undefined) {
      // The held change was this program's: it moves into the program's window, m repeats it.
      if (mine.fits(held.paths, this.w.config.maxPathsPerReport, this.w.config.maxPathChars)) {
        store.remove(held);
        mine.absorb(held);
      } else {
        this.w.close(held, out);
      }
      counters.upgrades++;
      this.w.join(mine, m, pos, out, false);
    } else if (held !== undefined) {
      held.kind = 'process';
      held.proc = m.proc;
      store.setProgram(held, { id, group: m.group, action: m.action });
      counters.upgrades++;
      this.w.join(held, m, pos, out, false);
      held.holdMs = this.w.config.upgradeHoldMs;
    } else if (mine !== undefined) {
      this.w.join(mine, m, pos, out, true);
    } else {
      const agg = this.w.create('process', programKey(m.containerKey, m.group, m.action, proc), m, pos, out);
      agg.program = { id, group: m.group, action: m.action };
      agg.owns = { path: m.path, msg: m.msg };
      this.w.register(agg, out);
    }
  }

  private routeWithoutProcess(m: FileMessage, pos: ParsedPosition, out: MonitorMessage[]): void {
    const { store, counters } = this.w;
    const owner =
      this.w.live(store.owner(m.containerKey, m.path, m.msg), m, pos, out) ??
      this.w.live(
        store.findIn(m.containerKey, (a) => a.kind === 'process' && a.paths.has(m.path) && !isStale(a, m)),
        m,
        pos,
        out,
      );
    if (owner?.kind === 'inotify') {
      this.w.join(owner, m, pos, out, true);
    } else if (owner !== undefined) {
      counters.duplicatesAbsorbed++;
      this.w.join(owner, m, pos, out, false);
    } else {
      const agg = this.w.create('inotify', messageKey(m.containerKey, m.path, m.msg), m, pos, out);
      agg.owns = { path: m.path, msg: m.msg };
      this.w.register(agg, out);
    }
  }

  /**
   * The live inotify-only aggregate created for m's key, if any. A stale owner of any kind is
   * closed first, so the key's next aggregate owns it as it would have after a timely tick.
   */
  private heldInotify(m: FileMessage, pos: ParsedPosition, out: MonitorMessage[]): Aggregate | undefined {
    const owner = this.w.fresh(this.w.store.owner(m.containerKey, m.path, m.msg), m, out);
    return owner?.kind === 'inotify' ? this.w.live(owner, m, pos, out) : undefined;
  }
}
