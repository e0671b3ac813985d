import { FileRawEvent, type GapRawEvent, RawEvent } from '@fsmon/contracts';
import fs from 'node:fs';
import path from 'node:path';
import { toCollectorConfig } from '../../src/collector.config';
import { loadCollectorEnv } from '../../src/collector.env';
import type { CollectorPipeline } from '../../src/core/collector.pipeline';
import type { PolicySource, RawEventSink, ResolvedPolicy, WatchObserver } from '../../src/core/collector.ports';
import { buildPipeline } from '../../src/core/pipeline.factory';
import type { WorkloadWatch } from '../../src/watch/workload.watch';

/** A RawEventSink that keeps everything, validating each event against the contract. */
export class CollectingSink implements RawEventSink {
  readonly events: RawEvent[] = [];
  readonly invalid: string[] = [];

  enqueue(events: RawEvent[]): void {
    for (const e of events) {
      const parsed = RawEvent.safeParse(e);
      if (parsed.success) this.events.push(e);
      else this.invalid.push(`${JSON.stringify(e).slice(0, 300)}: ${parsed.error.message}`);
    }
  }

  files(): FileRawEvent[] {
    return this.events.filter((e): e is FileRawEvent => e.type === 'file');
  }

  gaps(): GapRawEvent[] {
    return this.events.filter((e): e is GapRawEvent => e.type === 'gap');
  }

  /** Waits (bounded) for a file event matching `predicate`. */
  async waitFile(predicate: (e: FileRawEvent) => boolean, what: string, timeoutMs = 8000): Promise<FileRawEvent> {
    let hit: FileRawEvent | undefined;
    await until(() => (hit = this.files().find(predicate)) !== undefined, timeoutMs, () => `${what}; got ${JSON.stringify(this.files().map((e) => [e.path, e.kind, e.container?.id.slice(0, 8)]))}`);
    return hit as FileRawEvent;
  }
}

/** A policy for tests: the same resolution for every container; the host gets Monitor. */
export class TestPolicy implements PolicySource {
  private readonly listeners = new Set<() => void>();

  constructor(public policy: ResolvedPolicy) {}

  resolve(): ResolvedPolicy {
    return this.policy;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(policy: ResolvedPolicy): void {
    this.policy = policy;
    for (const l of this.listeners) l();
  }
}

export interface HarnessOptions {
  /** WATCH_ONLY_CONTAINERS: ids or root pids. */
  readonly only: readonly string[];
  readonly policy: PolicySource;
  readonly stateRoot?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** The protect module (a ProtectService), when a test has the watcher tell it its watch sets. */
  readonly observer?: WatchObserver;
}

export interface Harness {
  readonly pipeline: CollectorPipeline;
  readonly sink: CollectingSink;
  /** Waits until the workload with this root pid is watched (marks placed, files baselined). */
  watched(rootPid: number, timeoutMs?: number): Promise<WorkloadWatch>;
  stop(): Promise<void>;
}

/** The collector core in-process (no Kafka, no Nest) with test-friendly timings; the host is not watched. */
export async function startCollector(options: HarnessOptions): Promise<Harness> {
  const env = loadCollectorEnv({
    KAFKA_BROKERS: '127.0.0.1:9',
    WATCH_HOST: 'false',
    WATCH_ONLY_CONTAINERS: options.only.join(','),
    DISCOVERY_INTERVAL_MS: '150',
    COALESCE_WINDOW_MS: '150',
    RUNTIME_FILE_GRACE_MS: '0',
    RUNTIME_STATE_ROOT: options.stateRoot ?? '/nonexistent-state-root',
    ...options.env,
  });
  const sink = new CollectingSink();
  const pipeline = buildPipeline({ config: toCollectorConfig(env), policy: options.policy, sink, observer: options.observer });
  pipeline.start();
  return {
    pipeline,
    sink,
    async watched(rootPid, timeoutMs = 8000) {
      let watch: WorkloadWatch | undefined;
      await until(() => {
        pipeline.parts.discovery.scanNow();
        watch = pipeline.parts.manager.get(rootPid);
        return watch?.state === 'active';
      }, timeoutMs, () => `root pid ${rootPid} to be watched`);
      await pipeline.settled();
      return watch as WorkloadWatch;
    },
    stop: () => pipeline.stop(),
  };
}

/** Writes a docker config.v2.json under `stateRoot` as dockerd lays it out. */
export function writeDockerState(stateRoot: string, id: string, c: { name: string; image: string; labels: Record<string, string> }): void {
  const dir = path.join(stateRoot, 'var/lib/docker/containers', id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.v2.json'), JSON.stringify({ ID: id, Name: `/${c.name}`, Image: 'sha256:0123', Config: { Image: c.image, Labels: c.labels } }));
}

export async function until(predicate: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
