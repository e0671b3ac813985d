import { type TransferListItem, Worker } from 'node:worker_threads';
import { EFD_CLOEXEC, EFD_NONBLOCK, WorkerControl } from '@fsmon/ffi';
import { check, closeFd, libc } from './kernel';

export interface PollingWorkerSpec {
  /** One of `workerScripts` of @fsmon/ffi. */
  readonly script: string;
  /** Size of the Float64Array of counters the worker alone writes. */
  readonly counterSlots: number;
  /** Script-specific workerData; `wakeFd`, `control` and `counters` are added. */
  readonly data: Record<string, unknown>;
  readonly transferList?: readonly TransferListItem[];
  /**
   * The worker's young generation, MB (default: V8's, about 48). Every worker is a V8 isolate of its
   * own, and one that allocates a little per read touches all of its young generation before the
   * first scavenge: at the default that is ~35 MB resident per worker, at 2 MB ~12 MB. Only the
   * garbage cadence changes; the worker's live set is a few buffers.
   */
  readonly youngGenerationMb?: number;
}

/**
 * The main-thread handle of a worker that sits in poll() on a kernel fd (the fd reader and the
 * permission worker): the shared control block, the counters, and the eventfd that wakes the
 * worker when a control word changes. Stopping is bounded: ask, wait, then terminate (workers
 * return to JavaScript at least every POLL_TIMEOUT_MS, so terminate always takes).
 */
export class PollingWorker {
  readonly control = WorkerControl.createControl();
  readonly counters: Float64Array;
  readonly worker: Worker;
  /** Resolves when the worker thread has ended, for whatever reason. */
  readonly exited: Promise<void>;
  private readonly wakeFd: number;
  private readonly started: Promise<void>;
  private markStarted: () => void = () => undefined;
  private wakeClosed = false;

  /** @throws FsEventsError limit-reached when no eventfd can be made (RLIMIT_NOFILE). */
  constructor(spec: PollingWorkerSpec) {
    this.counters = new Float64Array(new SharedArrayBuffer(spec.counterSlots * 8));
    this.wakeFd = check(libc().eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), 'eventfd');
    try {
      this.worker = new Worker(spec.script, {
        workerData: { ...spec.data, wakeFd: this.wakeFd, control: this.control.buffer, counters: this.counters.buffer },
        transferList: spec.transferList ? [...spec.transferList] : undefined,
        // Event fds are closed through koffi; Node's tracking would warn and cost ~6 µs per close.
        trackUnmanagedFds: false,
        ...(spec.youngGenerationMb === undefined ? {} : { resourceLimits: { maxYoungGenerationSizeMb: spec.youngGenerationMb } }),
      });
    } catch (error) {
      this.closeWakeFd();
      throw error;
    }
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }

  /** The worker said it is running (its 'ready' message). */
  markReady(): void {
    this.markStarted();
  }

  /** Resolves once the worker runs (or has ended). */
  ready(): Promise<void> {
    return Promise.race([this.started, this.exited]);
  }

  /** Sets the control word STATE (RUN, PAUSE, STOP) and wakes the worker to look at it. */
  setState(state: number): void {
    Atomics.store(this.control, WorkerControl.STATE, state);
    this.wake();
  }

  /** Makes the worker's poll() return at once. */
  wake(): void {
    if (!this.wakeClosed) WorkerControl.wake(libc(), this.wakeFd);
  }

  /** Waits up to `timeoutMs` for the worker to end (after STOP), then terminates it. */
  async awaitExit(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    if ((await Promise.race([this.exited, late])) === 'late') await this.worker.terminate();
    clearTimeout(timer);
  }

  /** Closes the eventfd (once the worker is gone). Idempotent. */
  closeWakeFd(): void {
    if (this.wakeClosed) return;
    this.wakeClosed = true;
    closeFd(this.wakeFd);
  }

  /** The counters by name, in slot order. */
  snapshot<K extends string>(names: readonly K[]): Record<K, number> {
    return Object.fromEntries(names.map((name, i) => [name, this.counters[i]])) as Record<K, number>;
  }
}
