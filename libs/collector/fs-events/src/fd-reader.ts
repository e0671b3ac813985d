import { Worker } from 'node:worker_threads';
import { EFD_CLOEXEC, EFD_NONBLOCK, WorkerControl, workerScripts } from '@fsmon/ffi';
import { check, closeFd, libc } from './kernel';

/** Counters the reader worker keeps (slot order of fd-reader.worker.js). */
export interface ReaderCounters {
  reads: number;
  bytes: number;
  batches: number;
  /** fd mode: event fds closed by the worker. */
  fdsClosed: number;
  /** fd mode: event fds whose path could not be read (still closed). */
  unresolvedFds: number;
  /** fd mode: records the worker could not walk (their fds untouched). */
  decodeErrors: number;
  readErrors: number;
}

const COUNTER_NAMES = ['reads', 'bytes', 'batches', 'fdsClosed', 'unresolvedFds', 'decodeErrors', 'readErrors'] as const;

export interface FdReaderOptions {
  readonly fd: number;
  /** 'fanotify-fd': events carry fds, resolved and closed in the worker. */
  readonly mode: 'raw' | 'fanotify-fd';
  readonly onBuffer: (buf: Buffer, length: number, paths: Array<string | null> | null) => void;
  readonly onError: (errnoValue: number) => void;
  /** Bytes per read buffer (default 256 KiB). */
  readonly bufferSize?: number;
  /** Longest a read buffer waits before it is handed over (default 5 ms). */
  readonly maxDelayMs?: number;
  /** Buffers handed over but not yet taken before the worker stops reading (default 64). */
  readonly maxInFlight?: number;
}

interface ReaderMessage {
  t: 'ready' | 'batch' | 'error' | 'done';
  buffer?: ArrayBuffer;
  length?: number;
  paths?: Array<string | null> | null;
  errno?: number;
}

/**
 * The main-thread side of a reader worker: the worker polls and reads `fd` (never the event loop),
 * this side receives whole buffers. The fd stays owned by the caller; `stop()` ends the worker
 * (bounded) and closes only the eventfd used to wake it.
 */
export class FdReader {
  private readonly control = WorkerControl.createControl();
  private readonly counters = new Float64Array(new SharedArrayBuffer(COUNTER_NAMES.length * 8));
  private readonly wakeFd: number;
  private readonly maxInFlight: number;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopping: Promise<void> | null = null;
  private readonly started: Promise<void>;
  private markStarted: () => void = () => undefined;

  constructor(private readonly options: FdReaderOptions) {
    this.wakeFd = check(libc().eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), 'eventfd');
    this.maxInFlight = options.maxInFlight ?? 64;
    this.worker = new Worker(workerScripts.fdReader, {
      workerData: {
        fd: options.fd,
        wakeFd: this.wakeFd,
        control: this.control.buffer,
        counters: this.counters.buffer,
        mode: options.mode,
        bufferSize: options.bufferSize ?? 256 * 1024,
        maxDelayMs: options.maxDelayMs ?? 5,
        maxInFlight: this.maxInFlight,
      },
      trackUnmanagedFds: false,
    });
    this.worker.on('message', (m: ReaderMessage) => this.onMessage(m));
    this.worker.on('error', () => options.onError(-1));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }

  /** Resolves once the worker is reading (or has ended). */
  ready(): Promise<void> {
    return Promise.race([this.started, this.exited]);
  }

  pause(): void {
    this.setState(WorkerControl.PAUSE);
  }

  resume(): void {
    this.setState(WorkerControl.RUN);
  }

  /** Ends the worker: asks, then terminates after `timeoutMs`. Buffers read before are still delivered. */
  stop(timeoutMs = 2000): Promise<void> {
    this.stopping ??= this.end(timeoutMs);
    return this.stopping;
  }

  private async end(timeoutMs: number): Promise<void> {
    this.setState(WorkerControl.STOP);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    if ((await Promise.race([this.exited, late])) === 'late') await this.worker.terminate();
    clearTimeout(timer);
    closeFd(this.wakeFd);
  }

  snapshot(): ReaderCounters {
    const c = this.counters;
    return Object.fromEntries(COUNTER_NAMES.map((name, i) => [name, c[i]])) as unknown as ReaderCounters;
  }

  private setState(state: number): void {
    Atomics.store(this.control, WorkerControl.STATE, state);
    WorkerControl.wake(libc(), this.wakeFd);
  }

  private onMessage(m: ReaderMessage): void {
    if (m.t === 'ready') this.markStarted();
    else if (m.t === 'batch' && m.buffer !== undefined) {
      if (Atomics.sub(this.control, WorkerControl.IN_FLIGHT, 1) === this.maxInFlight) WorkerControl.wake(libc(), this.wakeFd);
      this.options.onBuffer(Buffer.from(m.buffer), m.length ?? 0, m.paths ?? null);
    }
    else if (m.t === 'error') this.options.onError(m.errno ?? -1);
  }
}
