import { WorkerControl, workerScripts } from '@fsmon/ffi';
import { PollingWorker } from './polling-worker';

/** Counters the reader worker keeps (slot order of fd-reader.worker.js). */
export interface ReaderCounters {
  reads: number;
  bytes: number;
  batches: number;
  /** fd mode: event fds closed by the worker. */
  fdsClosed: number;
  /** fd mode: event fds whose path could not be read (still closed). */
  unresolvedFds: number;
  /** fd mode: records the worker could not walk (their fds untouched; the worker then stops reading). */
  decodeErrors: number;
  readErrors: number;
}

/** Counters before a reader exists. */
export const NO_READER_COUNTERS: ReaderCounters = Object.freeze({ reads: 0, bytes: 0, batches: 0, fdsClosed: 0, unresolvedFds: 0, decodeErrors: 0, readErrors: 0 });

/** The reader worker's young generation (see PollingWorkerSpec.youngGenerationMb). */
const READER_YOUNG_GENERATION_MB = 2;

const COUNTER_NAMES = ['reads', 'bytes', 'batches', 'fdsClosed', 'unresolvedFds', 'decodeErrors', 'readErrors'] as const;

export interface FdReaderOptions {
  readonly fd: number;
  /** 'fanotify-fd': events carry fds, resolved and closed in the worker. */
  readonly mode: 'raw' | 'fanotify-fd';
  /**
   * A read buffer. It counts against `maxInFlight` until `release()` is called (once), so a consumer
   * that works through buffers later (in slices) keeps the reader's backpressure and bounds memory.
   */
  readonly onBuffer: (buf: Buffer, length: number, paths: Array<string | null> | null, release: () => void) => void;
  /** The worker stopped reading for good (a failed read or poll, or an untrustworthy fd-mode record), or died. */
  readonly onError: (detail: string) => void;
  /** Bytes per read buffer (default 256 KiB). */
  readonly bufferSize?: number;
  /** Longest a read buffer waits before it is handed over (default 5 ms). */
  readonly maxDelayMs?: number;
  /** Buffers handed over but not yet released before the worker stops reading (default 64). */
  readonly maxInFlight?: number;
}

interface ReaderMessage {
  t: 'ready' | 'batch' | 'error' | 'done';
  buffer?: ArrayBuffer;
  length?: number;
  paths?: Array<string | null> | null;
  detail?: string;
}

/**
 * The main-thread side of a reader worker: the worker polls and reads `fd` (never the event loop),
 * this side receives whole buffers. The fd stays owned by the caller; `stop()` ends the worker
 * (bounded) and closes only the eventfd used to wake it.
 */
export class FdReader {
  private readonly handle: PollingWorker;
  private readonly maxInFlight: number;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: FdReaderOptions) {
    this.maxInFlight = options.maxInFlight ?? 64;
    this.handle = new PollingWorker({
      script: workerScripts.fdReader,
      counterSlots: COUNTER_NAMES.length,
      // Its garbage is a message and a paths array per read; its buffers are outside the heap.
      youngGenerationMb: READER_YOUNG_GENERATION_MB,
      data: {
        fd: options.fd,
        mode: options.mode,
        bufferSize: options.bufferSize ?? 256 * 1024,
        maxDelayMs: options.maxDelayMs ?? 5,
        maxInFlight: this.maxInFlight,
      },
    });
    this.handle.worker.on('message', (m: ReaderMessage) => this.onMessage(m));
    this.handle.worker.on('error', (error) => options.onError(`worker died: ${error.message}`));
  }

  /** Resolves once the worker is reading (or has ended). */
  ready(): Promise<void> {
    return this.handle.ready();
  }

  /** Resolves when the worker has ended: after `stop()`, or on its own after `onError`. */
  ended(): Promise<void> {
    return this.handle.exited;
  }

  pause(): void {
    this.handle.setState(WorkerControl.PAUSE);
  }

  resume(): void {
    this.handle.setState(WorkerControl.RUN);
  }

  /** Ends the worker: asks, then terminates after `timeoutMs`. Buffers read before are still delivered. */
  stop(timeoutMs = 2000): Promise<void> {
    this.stopping ??= (async () => {
      this.handle.setState(WorkerControl.STOP);
      await this.handle.awaitExit(timeoutMs);
      this.handle.closeWakeFd();
    })();
    return this.stopping;
  }

  snapshot(): ReaderCounters {
    return this.handle.snapshot(COUNTER_NAMES);
  }

  private onMessage(m: ReaderMessage): void {
    if (m.t === 'ready') this.handle.markReady();
    else if (m.t === 'batch' && m.buffer !== undefined) {
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        // The worker stops reading at maxInFlight unreleased buffers: releasing one below that limit wakes it.
        if (Atomics.sub(this.handle.control, WorkerControl.IN_FLIGHT, 1) === this.maxInFlight) this.handle.wake();
      };
      this.options.onBuffer(Buffer.from(m.buffer), m.length ?? 0, m.paths ?? null, release);
    } else if (m.t === 'error') this.options.onError(m.detail ?? 'unknown reason');
  }
}
