import { IN_ACCESS, Coalescer } from '@fsmon/collector-domain';
import type { FileFilter, FileRawEvent, ProcInfo } from '@fsmon/contracts';
import type { RawEventSink } from '../protect.ports';
import type { ProtectPolicy, ProtectWorkload } from '../protect.types';
import { buildAccessEvent } from './access-event.builder';

export interface AccessReporterOptions {
  readonly collectorId: string;
  /** Opens are merged per path this long (distinct processes kept, up to 64). */
  readonly windowMs: number;
  /** Paths one window holds; opens on further paths are dropped, counted. */
  readonly maxPaths?: number;
}

export interface AccessReporterCounters {
  opens: number;
  events: number;
  /** Opens on a new path refused because the window was full. */
  overflow: number;
  /** Processes not listed because a path already had 64. */
  droppedProcs: number;
  /** The workload was gone when the window closed. */
  unknownWorkload: number;
}

interface Context {
  readonly workloadKey: string;
  readonly filter: FileFilter;
}

/**
 * Turns refused opens into raw events: merges them per (workload, path) over a short window, then
 * builds one event per path (see buildAccessEvent) and hands the window's events to the sink.
 */
export class AccessReporter {
  private readonly window: Coalescer<Context, ProcInfo>;
  private readonly timer: NodeJS.Timeout;
  private readonly idBase = `${Date.now()}`;
  private seq = 0;
  readonly counters: AccessReporterCounters = { opens: 0, events: 0, overflow: 0, droppedProcs: 0, unknownWorkload: 0 };

  constructor(
    private readonly sink: RawEventSink,
    private readonly options: AccessReporterOptions,
    private readonly current: (workloadKey: string) => { workload: ProtectWorkload; policy: ProtectPolicy } | undefined,
  ) {
    this.window = new Coalescer({ maxPaths: options.maxPaths ?? 10_000 });
    this.timer = setInterval(() => this.flush(), options.windowMs);
    this.timer.unref();
  }

  add(workload: ProtectWorkload, path: string, filter: FileFilter, proc: ProcInfo, at: number): void {
    this.counters.opens++;
    const context = { workloadKey: workload.key, filter };
    const outcome = this.window.add({ rootPid: workload.rootPid, path, mask: IN_ACCESS, context, source: 'fanotify', at, proc, decision: 'denied' });
    if (outcome === 'overflow') this.counters.overflow++;
  }

  /** Reports what the window holds now. */
  flush(): void {
    const drained = this.window.drain();
    this.counters.droppedProcs += drained.droppedProcs;
    const byContainer = new Map<string | null, FileRawEvent[]>();
    for (const e of drained.events) {
      const now = this.current(e.context.workloadKey);
      if (now === undefined) {
        this.counters.unknownWorkload++;
        continue;
      }
      const id = `${this.options.collectorId}:protect:${this.idBase}:${this.seq++}`;
      const event = buildAccessEvent({ id, at: e.firstAt, workload: now.workload, policy: now.policy, path: e.path, filter: e.context.filter, procs: e.procs });
      const key = now.workload.identity?.id ?? null;
      const list = byContainer.get(key);
      if (list === undefined) byContainer.set(key, [event]);
      else list.push(event);
    }
    for (const [containerId, events] of byContainer) {
      this.counters.events += events.length;
      this.sink.enqueue(events, containerId);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
