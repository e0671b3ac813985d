import type { WatchedContainer } from '@fsmon/contracts';
import { waitFor } from '@fsmon/testing';

/** What the collector's GET /status answers (the status heartbeat's content). */
export interface CollectorStatusView {
  readonly appliedRevision: number;
  readonly containers: WatchedContainer[];
  readonly capabilities: { readonly permissionEvents: boolean; readonly fidReporting: boolean; readonly notes: string[] };
  readonly drops: Record<string, number>;
}

interface WatchesView {
  readonly workloads: ReadonlyArray<{ readonly container: { readonly id: string } | null; readonly state: string; readonly mode: string }>;
}

/**
 * The collector's debug HTTP surface (GET /status, /watches, /probe), polled to know when a policy
 * change took effect or a container is watched, instead of sleeping for a guessed time.
 */
export class CollectorApi {
  constructor(private readonly baseUrl: () => string) {}

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.baseUrl()}${path}`, { signal: AbortSignal.timeout(5000) });
    if (res.status !== 200) throw new Error(`collector ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  status(): Promise<CollectorStatusView> {
    return this.get<CollectorStatusView>('/status');
  }

  /** Waits until the collector applied `revision` and watches container `id` in `mode` (and enforces, when `permission` is given). */
  async applied(revision: number, id: string, mode: string, permission?: boolean, timeoutMs = 20_000): Promise<WatchedContainer> {
    let last: CollectorStatusView | undefined;
    let hit: WatchedContainer | undefined;
    await poll(async () => {
      last = await this.status();
      hit = last.containers.find((c) => c.container?.id === id);
      return last.appliedRevision >= revision && hit?.mode === mode && (permission === undefined || hit.permission === permission);
    }, () => `collector to apply revision ${revision} (${mode}) to ${id.slice(0, 12)}; last: revision ${last?.appliedRevision}, ${JSON.stringify(hit)}, capabilities ${JSON.stringify(last?.capabilities)}`, timeoutMs);
    return hit as WatchedContainer;
  }

  /** Waits until every container in `ids` is watched and its walk finished (state active). */
  async watching(ids: readonly string[], timeoutMs = 30_000): Promise<void> {
    let last: WatchesView | undefined;
    await poll(async () => {
      last = await this.get<WatchesView>('/watches?children=false');
      return ids.every((id) => last?.workloads.some((w) => w.container?.id === id && w.state === 'active'));
    }, () => `containers ${ids.map((i) => i.slice(0, 12)).join(', ')} to be watched; last: ${JSON.stringify(last?.workloads.map((w) => [w.container?.id.slice(0, 12), w.state, w.mode]))}`, timeoutMs);
  }
}

/** Polls an async predicate (errors count as "not yet") until it holds; bounded. */
export async function poll(predicate: () => Promise<boolean>, what: () => string, timeoutMs: number, intervalMs = 100): Promise<void> {
  let ok = false;
  let pending = false;
  const tick = () => {
    if (pending) return;
    pending = true;
    void predicate()
      .then((v) => (ok = v), () => (ok = false))
      .finally(() => (pending = false));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  try {
    await waitFor(() => ok, what(), timeoutMs, 20);
  } catch {
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
  } finally {
    clearInterval(timer);
  }
}
