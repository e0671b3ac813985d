import { buildProbeData } from '@fsmon/collector-domain';
import type { ProbeData, WatchedContainer } from '@fsmon/contracts';
import type { CollectorPipeline } from './collector.pipeline';
import type { CollectorSnapshot } from './collector.ports';

const prefixed = (prefix: string, record: object): Record<string, number> =>
  Object.fromEntries(Object.entries(record as Record<string, number | undefined>).map(([k, v]) => [`${prefix}.${k}`, v ?? 0]));

/**
 * Read-only views of a running pipeline: the status snapshot (containers, probe, capabilities,
 * drops), the seed's probe data with real counters, and the figures /metrics exposes.
 */
export class CollectorViews {
  constructor(private readonly pipeline: CollectorPipeline) {}

  snapshot(): CollectorSnapshot {
    const { kernel } = this.pipeline.parts;
    return {
      containers: this.containers(),
      probe: this.probe(),
      capabilities: { permissionEvents: kernel.capabilities.permissionEvents, fidReporting: kernel.mode === 'fid', notes: kernel.notes.slice(0, 32).map((n) => n.slice(0, 1024)) },
      appliedRevision: Math.max(0, ...[...this.pipeline.parts.manager.all()].map((w) => w.policy.revision)),
      drops: this.drops(),
    };
  }

  containers(): WatchedContainer[] {
    return [...this.pipeline.parts.manager.all()].map((w) => ({
      container: w.workload.identity,
      rootPid: w.workload.rootPid,
      mode: w.flags.mode,
      groups: w.policy.groups.slice(0, 256),
      permission: !w.opens,
    }));
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
      'procs-per-path': p.droppedProcs,
      'kernel-overflow': fan.overflows + (ino?.overflows ?? 0),
      'decode-error': fan.decodeErrors + fan.reader.decodeErrors + (ino?.decodeErrors ?? 0),
      'mark-error': Object.values(applyCounters.markErrors).reduce((a, b) => a + b, 0),
    };
  }

  probe(): ProbeData {
    const { manager, marks, coalescer, intakeCounters: i, passCounters: p, procs, hasher, discovery, locator } = this.pipeline.parts;
    const watches = [...manager.all()];
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
      ino: { nWds: marks.watches, nPaths: [...watches].reduce((n, w) => n + [...w.files.values()].filter((f) => f.wd !== null).length, 0), nDirs: 0 },
      counters: {
        'watch.files': children + files,
        ...prefixed('events', { fanotify: i.fanotify, inotify: i.inotify, self: i.self, ignored: i.ignored, uncovered: i.uncovered, coalesced: i.coalesced }),
        ...prefixed('reported', p.reported),
        ...prefixed('notReported', p.notReported),
        ...prefixed('gaps', p.gaps),
        ...prefixed('drops', this.drops()),
        'pass.runs': p.passes,
        'pass.overruns': p.overruns,
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
      },
    });
  }
}
