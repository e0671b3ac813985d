import v8 from 'node:v8';
import { buildProbeData } from '@fsmon/collector-domain';
import type { ProbeData, WatchedContainer } from '@fsmon/contracts';
import type { CollectorPipeline } from './collector.pipeline';
import type { CollectorSnapshot, ObserverStatus } from './collector.ports';

const MAX_NOTES = 32;
const MAX_NOTE = 1024;

const prefixed = (prefix: string, record: object): Record<string, number> =>
  Object.fromEntries(Object.entries(record as Record<string, number | undefined>).map(([k, v]) => [`${prefix}.${k}`, v ?? 0]));

/**
 * Read-only views of a running pipeline: the status snapshot (containers, probe, capabilities,
 * drops), the seed's probe data with real counters, and the figures /metrics exposes. With the
 * protect module (the observer) its state is merged in: permission events in use, its notes (a
 * suspension in progress), per-workload enforcement, the revision in its table, its counters.
 */
export class CollectorViews {
  constructor(private readonly pipeline: CollectorPipeline) {}

  snapshot(): CollectorSnapshot {
    const { kernel } = this.pipeline.parts;
    const protect = this.protect();
    const notes = [...kernel.notes, ...(protect?.notes ?? [])];
    return {
      containers: this.containers(protect),
      probe: this.probe(protect),
      capabilities: {
        permissionEvents: protect?.permissionEvents ?? kernel.capabilities.permissionEvents,
        fidReporting: kernel.mode === 'fid',
        // The newest notes (a suspension) matter most: keep the tail when there are too many.
        notes: notes.slice(-MAX_NOTES).map((n) => n.slice(0, MAX_NOTE)),
      },
      appliedRevision: this.appliedRevision(protect),
      drops: this.drops(),
    };
  }

  /** The protect module's state, null without one. */
  protect(): ObserverStatus | null {
    return this.pipeline.parts.observer?.status() ?? null;
  }

  containers(protect: ObserverStatus | null = this.protect()): WatchedContainer[] {
    const enforced = new Map(protect?.workloads.map((w) => [w.key, w.permission]) ?? []);
    return [...this.pipeline.parts.manager.all()].map((w) => ({
      container: w.workload.identity,
      rootPid: w.workload.rootPid,
      mode: w.flags.mode,
      groups: w.policy.groups.slice(0, 256),
      permission: enforced.get(w.workload.key) ?? false,
    }));
  }

  /**
   * The revision both the watch plans and (with a protect module) the permission table have
   * applied: a status saying revision N means N is watched and enforced.
   */
  appliedRevision(protect: ObserverStatus | null = this.protect()): number {
    const watched = Math.max(0, ...[...this.pipeline.parts.manager.all()].map((w) => w.policy.revision));
    return protect === null ? watched : Math.min(watched, protect.appliedRevision);
  }

  /** Protect denials: opens refused by the kernel (`blocked`) and let through but refused by the allow check (`unauthorized`). */
  denials(protect: ObserverStatus | null = this.protect()): { blocked: number; unauthorized: number } {
    return { blocked: protect?.counters['reports.blocked'] ?? 0, unauthorized: protect?.counters['reports.unauthorized'] ?? 0 };
  }

  /** Drops by cause (integers; every event not reported for a reason other than policy). */
  drops(): Record<string, number> {
    const { intakeCounters: i, passCounters: p, kernel, applyCounters } = this.pipeline.parts;
    const fan = kernel.fanotifyCounters();
    const ino = kernel.inotifyCounters();
    return {
      unlocated: i.unlocated,
      'foreign-process': i.foreign,
      'window-full': i.windowFull,
      'workload-gone': p.workloadGone,
      'stop-unclassified': p.stopUnclassified,
      'procs-per-path': p.droppedProcs,
      'kernel-overflow': fan.overflows + (ino?.overflows ?? 0),
      'decode-error': fan.decodeErrors + fan.reader.decodeErrors + fan.decodeFailures + (ino ? ino.decodeErrors + ino.decodeFailures : 0),
      'mark-error': Object.values(applyCounters.markErrors).reduce((a, b) => a + b, 0),
    };
  }

  /** Event-loop blocking and where memory is (MB): what to look at when the collector lags or grows. */
  private runtime(): Record<string, number> {
    const { eventLoop, parts } = this.pipeline;
    const mem = process.memoryUsage();
    const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
    const fan = parts.kernel.fanotifyCounters();
    const ino = parts.kernel.inotifyCounters();
    return {
      'eventloop.blockMaxMs': Math.round(eventLoop.maxMs),
      'eventloop.blockRecentMs': Math.round(eventLoop.recentMaxMs),
      'reader.queuedBuffers': fan.queuedBuffers + (ino?.queuedBuffers ?? 0),
      'reader.yields': fan.yields + (ino?.yields ?? 0),
      'memory.rssMb': mb(mem.rss),
      'memory.heapUsedMb': mb(mem.heapUsed),
      'memory.heapTotalMb': mb(mem.heapTotal),
      'memory.externalMb': mb(mem.external),
      'memory.arrayBuffersMb': mb(mem.arrayBuffers),
      'memory.compactions': this.pipeline.compactor.counters.compactions,
      'memory.compactedFromMb': mb(this.pipeline.compactor.counters.lastBeforeBytes),
      'memory.compactedToMb': mb(this.pipeline.compactor.counters.lastAfterBytes),
      'memory.compactionMs': Math.round(this.pipeline.compactor.counters.lastMs),
      // Committed size of V8's young generation: the part of heapTotal that is not old objects.
      'memory.youngMb': mb(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0),
    };
  }

  probe(protect: ObserverStatus | null = this.protect()): ProbeData {
    const { manager, marks, coalescer, intakeCounters: i, passCounters: p, procs, hasher, discovery, locator, recovery, watchErrors } = this.pipeline.parts;
    const watches = [...manager.all()];
    const ino = marks.watchCounts();
    let dirs = 0;
    let files = 0;
    let children = 0;
    let rules = 0;
    for (const w of watches) {
      const c = w.counts();
      dirs += c.dirs;
      files += c.files;
      children += c.children;
      rules += (w.policy.accessRules?.filters.size ?? 0) + (w.policy.accessRules?.filtersCRD.size ?? 0);
    }
    return buildProbeData({
      pendingPaths: coalescer.size,
      groups: watches.length,
      fan: { nRoots: watches.length, nMntRoots: new Set(watches.map((w) => w.workload.mntns)).size, nDirMarks: marks.marks, nRules: rules, nPaths: files, nDirs: dirs },
      ino: { nWds: marks.watches, nPaths: ino.files, nDirs: ino.dirs },
      counters: {
        'watch.files': children + files,
        ...prefixed('events', { fanotify: i.fanotify, inotify: i.inotify, self: i.self, ignored: i.ignored, uncovered: i.uncovered, coalesced: i.coalesced }),
        ...prefixed('reported', p.reported),
        ...prefixed('notReported', p.notReported),
        ...prefixed('gaps', p.gaps),
        ...prefixed('drops', this.drops()),
        'pass.runs': p.passes,
        'pass.overruns': p.overruns,
        'pass.requeued': p.requeued,
        'pass.classified': p.classified,
        'pass.none': p.none,
        rescans: p.rescans,
        'rescan.changes': p.rescanChanges,
        subtrees: p.subtrees,
        ...prefixed('procs', { lookups: procs.counters.lookups, reads: procs.counters.reads, gone: procs.counters.gone, reused: procs.counters.reused, cached: procs.size }),
        ...prefixed('hash', hasher.counters),
        'hash.queued': hasher.queued,
        ...prefixed('discovery', { ...discovery.counters, scans: discovery.scanCounters.scans, inspected: discovery.scanCounters.inspected }),
        ...prefixed('locator', locator.counters),
        ...prefixed('denials', this.denials(protect)),
        ...prefixed('reader.stopped', recovery.counters.stopped),
        ...prefixed('reader.reopened', recovery.counters.reopened),
        'reader.failedAttempts': recovery.counters.failedAttempts,
        'reader.givenUp': recovery.counters.givenUp,
        'reader.marksLost': recovery.counters.marksLost,
        ...prefixed('watchErrors', watchErrors.counters.byCode),
        ...(protect === null ? {} : { ...prefixed('protect', protect.counters), 'protect.suspended': protect.suspended ? 1 : 0 }),
        ...this.runtime(),
      },
    });
  }
}
